#pragma once
// One comment as an <article>: author, badge, time, text (plain text, escaped), markers, notices.

#include <optional>
#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "domain/time.hpp"
#include "domain/viewer.hpp"

namespace tribune::render {

/// What the rendering of a comment depends on besides the comment.
struct CommentContext {
    domain::Time now{};
    const domain::Viewer& viewer;
    std::optional<domain::CommentId> highlight;  // the comment just posted
    std::string_view report_base;  // "/articles/x/comments/": approved comments get a Report form
    std::string_view csrf_token;   // for that form, when the viewer is logged in
};

/// "Pending", "Approved", "Rejected", "Spam", "Deleted": a status as staff see it labelled.
std::string_view status_label(domain::CommentStatus s);

/// The name to show for an author or a reader: `name`, or "No Name" when it is blank.
std::string_view shown_name(std::string_view name);

/// Appends `<article class="comment" id="comment-{id}" data-id data-status>` for `c`. A deleted
/// comment shows only the tombstone text. Staff see a status label on pending/rejected/spam
/// comments; the author of a pending comment sees the "will appear once approved" notice. The caller
/// decides visibility (domain::can_see); this renders whatever it is given.
void append_comment(std::string& out, const domain::Comment& c, const CommentContext& ctx);

}  // namespace tribune::render
