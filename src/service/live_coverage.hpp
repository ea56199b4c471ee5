#pragma once
// Live coverage and corrections of published articles, by editors (Permission::kPublish):
// start and end an article's live coverage, post, edit, pin and delete its live updates (read
// by anyone who may read the article), and append correction notes. Every change is audited
// and reaches ctx.events (cached pages drop; live readers hear of updates).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "domain/live_update.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"

namespace tribune::service {

/// What an editor sends for an update: on posting, body_markdown is required; on editing, an
/// unset field keeps its value.
struct LiveUpdateDraft {
    std::optional<std::string> body_markdown;
    std::optional<bool> pinned;
};

/// A page of updates (pinned first, then newest first) and the cursor of the next page.
struct LiveUpdatePage {
    std::vector<domain::LiveUpdate> updates;
    std::optional<std::string> next_cursor;
};

/// Turns the live coverage of the article at `slug` on or off ("article.live" in the audit
/// log). Only a published article is covered live. Errors: as authorize(kPublish); kNotFound;
/// kConflict for an article that is not published (turning it off is always allowed).
domain::Result<domain::Article> set_live_coverage(Context& ctx, const Actor& actor, std::string_view slug, bool live);

/// Appends a correction note to the published article at `slug` ("article.correct").
/// Errors: as authorize(kPublish); kNotFound; kInvalid (text); kConflict for an article that is
/// not published, or one that holds coverage_limits::kMaxCorrections already.
domain::Result<domain::Correction> add_correction(Context& ctx, const Actor& actor, std::string_view slug,
                                                  std::string_view text);

/// The updates of the article at `slug` as `actor` may read it (service/articles.hpp
/// read_article). `cursor` is a next_cursor of an earlier page. Errors: kNotFound, kGone;
/// kMalformed (cursor).
domain::Result<LiveUpdatePage> list_live_updates(Context& ctx, const Actor& actor, std::string_view slug,
                                                 std::optional<std::string_view> cursor, int limit);

/// Posts an update to the article at `slug`, which must be covered live ("live_update.post").
/// Errors: as authorize(kPublish); kNotFound; kInvalid (body_markdown); kConflict when the
/// article's live coverage is off.
domain::Result<domain::LiveUpdate> post_live_update(Context& ctx, const Actor& actor, std::string_view slug,
                                                    const LiveUpdateDraft& draft);

/// Edits or pins an update ("live_update.edit"), also after the coverage ended.
/// Errors: as authorize(kPublish); kNotFound; kInvalid.
domain::Result<domain::LiveUpdate> edit_live_update(Context& ctx, const Actor& actor, std::string_view slug,
                                                    std::int64_t id, const LiveUpdateDraft& draft);

/// Deletes an update ("live_update.delete"). Errors: as authorize(kPublish); kNotFound.
domain::Result<void> delete_live_update(Context& ctx, const Actor& actor, std::string_view slug, std::int64_t id);

}  // namespace tribune::service
