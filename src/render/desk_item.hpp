#pragma once
// One comment as the desk shows it: context, record, reasons, reports, edits and the actions a
// moderator may take on it. Internal to render/.

#include <string>
#include <string_view>

#include "render/desk_views.hpp"

namespace tribune::render {

/// Where the desk item is shown.
struct DeskItemContext {
    const DeskFrame& frame;
    std::string_view return_to;  // sent back by each form in the `return` field
    bool selectable = false;     // a checkbox for the bulk form (id "desk-bulk")
};

/// Appends `<article class="desk-item" id="item-{id}" data-id data-status data-reports data-page>`.
void append_desk_item(std::string& out, const DeskItem& item, const DeskItemContext& ctx);

/// "12 approved · 2 rejected": the author's record, only the non-zero parts; "No history" when none.
std::string author_history(const domain::AuthorStats& s);

}  // namespace tribune::render
