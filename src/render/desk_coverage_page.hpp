#pragma once
// The live-coverage desk of one article (GET /admin/articles/{slug}/live): start and end the
// coverage, post an update, and edit, pin, unpin or delete each one, as plain forms (PRG) that
// work without scripts. http/handlers/desk_coverage.cpp fills the view.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/article.hpp"
#include "domain/live_update.hpp"
#include "render/desk_views.hpp"

namespace tribune::render {

struct DeskCoverageView {
    DeskFrame frame;
    domain::Article article;
    std::vector<domain::LiveUpdate> updates;  // pinned first, then newest first
    std::string older_cursor;                 // "" when this page holds the oldest update
    bool is_continuation = false;             // showing older updates (cursor=...)
    std::string draft;                        // the new-update form, filled in again after a failure
    bool draft_pinned = false;
    std::optional<std::int64_t> editing;      // the update whose edit form is open (?edit=ID)
    std::string edit_text;                    // its text: as stored, or as sent by a failed edit
    std::optional<std::int64_t> confirm_delete;  // the update whose deletion waits for a yes (?delete=ID)
};

/// The whole desk document.
std::string desk_coverage_page(const DeskCoverageView& v);

/// "/admin/articles/{slug}/live": the page's own address (the slug URL-encoded).
std::string desk_coverage_path(std::string_view slug);

}  // namespace tribune::render
