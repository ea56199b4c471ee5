#pragma once
// The forms of a discussion (name, new comment, reply) and the feedback shown after a post. They
// work without scripts: plain POSTs that the HTTP layer answers with a redirect or a page.

#include <optional>
#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "render/views.hpp"

namespace tribune::render {

inline constexpr std::string_view kFeedbackOk = "Thank you! Your submission has been received!";
inline constexpr std::string_view kFeedbackError = "Oops! Something went wrong while submitting the form.";

/// A comment form: POST `action` with `text`, hidden `author_name`, for a reply `parent_id`, and
/// the optional `author_email` with the `notify_replies` and `notify_approval` checkboxes.
struct CommentForm {
    std::string action;                          // comments_path(slug)
    std::optional<domain::CommentId> parent_id;  // set: a reply to this top-level comment
    std::string_view author_name;                // the reader's display name ("" = No Name)
    std::string_view text;                       // put back after a failed post
    std::string_view csrf_token;                 // a logged-in viewer's CSRF token ("" for none)
};

/// Appends `<input type=hidden name=csrf_token>` when `token` is not empty.
void append_csrf_field(std::string& out, std::string_view token);

/// Appends the form. Its textarea's id is "comment-text", or "reply-text-{parent_id}" for a reply;
/// its address field's "comment-email" or "reply-email-{parent_id}".
void append_comment_form(std::string& out, const CommentForm& form);

/// Appends the success (role=status) or failure (role=alert) message for `f`.
void append_feedback(std::string& out, const FormFeedback& f);

/// Appends the reader's current name ("No Name" when blank) and the POST /name form that sets it;
/// `return_to` is the path to come back to.
void append_name_form(std::string& out, std::string_view display_name, std::string_view return_to);

}  // namespace tribune::render
