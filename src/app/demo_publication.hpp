#pragma once
// The demo publication a new user sees on first start: a few articles of the fictional harbour
// town of Quillhaven on the Ardlow Coast, and their discussions. The articles are Markdown files
// (content/demo/, compiled in) published through the same use case as `tribune article publish`;
// the comments are data (demo_comments.cpp) written through the Store.

#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include "domain/error.hpp"
#include "domain/role.hpp"
#include "domain/time.hpp"

namespace tribune::store {
class Store;
}  // namespace tribune::store

namespace tribune::app {

/// Writes the demo articles and their comments through `store`, dated relative to `now`
/// (articles over the past weeks plus one archive piece, comments from minutes to over a year
/// before `now`). Every comment is approved; one is edited by its author afterwards.
/// Precondition: `store.is_empty()` (the first start). Returns the first error of any store call,
/// e.g. kConflict when a demo slug is taken, kUnavailable when the database is busy. Not atomic:
/// on an error, what was written before it stays. Blocking: call it from a worker, not an I/O thread.
[[nodiscard]] domain::Result<void> seed_demo_publication(store::Store& store, domain::Time now);

/// The first start's seeding: writes the demo publication when `store` is empty (nothing else).
/// Returns whether it wrote it. The server calls it once its listen address is bound, so a start
/// that cannot listen leaves the store as it found it. Errors: as seed_demo_publication().
[[nodiscard]] domain::Result<bool> seed_demo_if_empty(store::Store& store, domain::Time now);

namespace demo {

/// The instant the demo files' dates are written against: seeding moves every date by the same
/// amount so this instant lands on the seeding time (the newest article is then two days old).
inline constexpr std::string_view kFilesWrittenAt = "2026-01-15T12:00:00Z";

/// The demo video (web/media/harbour-timelapse.webm), attached to the tide gauge article.
inline constexpr std::string_view kVideoUrl = "/media/harbour-timelapse.webm";
inline constexpr std::string_view kVideoMimeType = "video/webm";
inline constexpr std::int32_t kVideoSeconds = 293;  // "04:53"

/// The demo articles' slugs. kTideGaugeSlug is the main article: the video and the long thread.
inline constexpr std::string_view kTideGaugeSlug = "quillhaven-tide-gauge-goes-live";
inline constexpr std::string_view kBroadbandSlug = "broadband-coop-connects-first-hill-village";
inline constexpr std::string_view kCycleLaneSlug = "fennick-road-cycle-lane-made-permanent";
inline constexpr std::string_view kSealCountSlug = "record-seal-pup-count-ardlow-skerries";
inline constexpr std::string_view kLogbooksSlug = "harbourmaster-logbooks-digitised";

/// One demo comment on the article `article` (a slug), written `age` before the seeding time.
/// A reply names its parent's `key` in `reply_to`; a parent is always older than its replies.
struct CommentSeed {
    std::string_view article{};
    std::string_view key{};       // empty unless a reply refers to it
    std::string_view reply_to{};  // empty: a top-level comment
    std::string_view name{};      // empty: shown as "No Name"
    domain::Role role = domain::Role::kReader;
    std::chrono::minutes age{};
    std::string_view text{};
    std::string_view edited_text{};  // non-empty: the author replaced `text` with this shortly after
};

/// The demo comments, grouped by article.
std::span<const CommentSeed> comments();

}  // namespace demo
}  // namespace tribune::app
