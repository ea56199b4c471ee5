#pragma once
// Articles: what a newsroom publishes. The rules that depend on nothing but the article itself
// (its status, its slug, what a draft may hold) live here; who may change one is
// service/authorize.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/time.hpp"

namespace tribune::domain {

/// Where an article is in its life. Readers see `published` ones only; an unpublished one
/// answers 410 (it was public once), a draft or scheduled one 404.
enum class ArticleStatus { kDraft, kScheduled, kPublished, kUnpublished };

std::string_view to_string(ArticleStatus s);
std::optional<ArticleStatus> parse_article_status(std::string_view s);

/// The lead media item: an image, a video or an audio file, with its length ("04:53") for
/// video and audio and its size for images and video (0: unknown).
struct Media {
    std::string kind;  // "image", "video" or "audio"
    std::string url;
    std::string mime_type;
    std::int32_t duration_seconds = 0;
    std::string caption;
    std::string alt;
    std::string credit;
    std::int32_t width = 0;
    std::int32_t height = 0;
};

/// An author, a section or a tag as an article names it: a display name and its URL slug.
struct NamedRef {
    std::string name;
    std::string slug;
    bool operator==(const NamedRef&) const = default;
};

/// A correction note appended to an article (never edited or removed: readers see what was
/// corrected and when). `by` is who made it, as the audit log names them (staff only).
struct Correction {
    std::int64_t id = 0;
    Time at{};
    std::string text;
    std::string by;
    bool operator==(const Correction&) const = default;
};

/// An author's request that the editors review a draft: when and by whom (as the audit log names
/// them). Workflow state, kept apart from the article's row and its saved versions
/// (ArticleStore::review_request); an editor's save out of draft clears it.
struct ReviewRequest {
    Time requested_at{};
    std::string requested_by;
    bool operator==(const ReviewRequest&) const = default;
};

/// An article in any status. Its reader path is path(); its discussion's page key is
/// page_key(): fixed when the article is created, so a new slug keeps the comments.
struct Article {
    std::int64_t id = 0;
    std::string slug;
    std::string title;
    std::string summary;
    std::vector<NamedRef> authors;  // in byline order; at least one
    std::optional<NamedRef> section;
    std::vector<NamedRef> tags;
    std::string body_markdown;
    ArticleStatus status = ArticleStatus::kPublished;
    Time published_at{};  // when it went (or goes, when scheduled) public
    Time updated_at{};    // the last saved change
    Time created_at{};
    std::int32_t revision = 0;  // the number of its latest saved version (1 for a new article)
    std::optional<Media> media;
    std::string page;  // the discussion's page key ("" before the article is stored)
    bool live = false;  // live coverage is on (domain/live_update.hpp); set apart from saves
    std::vector<Correction> corrections;  // oldest first; loaded with the article, kept apart from saves
    /// Set only by the lists that ask for it (ArticleQuery::for_review) and by whole-store export
    /// and import; other reads leave it empty: ask ArticleStore::review_request.
    std::optional<ReviewRequest> review;

    std::string path() const { return "/articles/" + slug; }
    std::string page_key() const { return page.empty() ? path() : page; }
    /// The byline: "A", "A and B", "A, B and C".
    std::string byline() const;
    /// The first author's name ("" when none), for pages that name one.
    const std::string& lead_author() const;
    /// Whether readers are told it changed: saved more than a minute after it went public, or
    /// corrected since.
    bool shows_updated() const;
};

/// Bounds of what an article holds (bytes unless said otherwise).
namespace article_limits {
inline constexpr std::size_t kTitle = 300;
inline constexpr std::size_t kSlug = 120;
inline constexpr std::size_t kSummary = 2000;
inline constexpr std::size_t kBody = 512 * 1024;
inline constexpr std::size_t kName = 120;  // an author, section or tag name
inline constexpr std::size_t kMaxAuthors = 20;
inline constexpr std::size_t kMaxTags = 30;
inline constexpr std::size_t kMediaText = 1000;  // alt, caption, credit
inline constexpr std::size_t kUrl = 2000;
}  // namespace article_limits

/// Checks what an editor sent before it is stored: non-empty title, a valid slug, at least
/// one author, names and texts within article_limits, valid UTF-8 without control characters
/// in one-line fields. Errors: kInvalidArgument with the field at fault.
Result<void> validate_article(const Article& a);

/// Whether `slug` is a canonical slug: 1 to 120 of a-z, 0-9 and single inner hyphens.
bool is_valid_slug(std::string_view slug);

/// "04:53" for 293 seconds; "1:02:03" past an hour.
std::string format_duration(std::int32_t seconds);

}  // namespace tribune::domain
