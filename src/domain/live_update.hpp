#pragma once
// Live coverage and corrections: what an editor adds to a published article besides saving it.
// A live update is a short Markdown post, timestamped, that readers on the article page receive
// as it is posted; a correction is a plain-text note that is never edited or removed.

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/time.hpp"

namespace tribune::domain {

/// One update of an article's live coverage.
struct LiveUpdate {
    std::int64_t id = 0;
    std::int64_t article_id = 0;
    Time posted_at{};
    Time edited_at{};  // epoch when never edited
    std::string posted_by;  // who posted it, as the audit log names them (staff only)
    std::string body_markdown;
    bool pinned = false;
    bool operator==(const LiveUpdate&) const = default;
};

namespace coverage_limits {
inline constexpr std::size_t kCorrection = 2000;   // bytes of a correction note
inline constexpr std::size_t kLiveUpdate = 8000;   // bytes of an update's Markdown
inline constexpr int kMaxCorrections = 100;        // per article: an article is not a changelog
inline constexpr int kMaxUpdatesPage = 100;
}  // namespace coverage_limits

/// A correction note: 1..kCorrection bytes of UTF-8 on one line, without control characters or
/// direction overrides. Errors: kInvalid (field "text").
Result<void> validate_correction_text(std::string_view text);

/// An update's Markdown: 1..kLiveUpdate bytes of UTF-8 without control characters other than
/// tabs and line breaks, nor direction overrides. Errors: kInvalid (field "body_markdown").
Result<void> validate_live_update_body(std::string_view markdown);

}  // namespace tribune::domain
