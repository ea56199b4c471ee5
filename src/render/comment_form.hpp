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

/// Who a discussion's forms post as, and whether they are shown at all: a signed-in reader posts
/// under their account's name (no name form); an anonymous one gives a name, and is offered a
/// sign-in when the site has one; where sign-in is required, anonymous readers get only that.
struct CommenterState {
    bool signed_in = false;
    std::string_view account_name;  // signed in: the account's name
    bool sign_in_offered = false;
    bool sign_in_required = false;
    std::string_view return_to;     // the page to come back to after signing in

    bool may_post() const { return signed_in || !sign_in_required; }
};

/// Appends "Commenting as NAME" (signed in), else the name form and, when offered, the sign-in
/// link; where sign-in is required and the reader is anonymous, only the sign-in prompt.
void append_commenter(std::string& out, const CommenterState& state, std::string_view display_name);

/// Appends the reader's current name ("No Name" when blank) and the POST /name form that sets it;
/// `return_to` is the path to come back to.
void append_name_form(std::string& out, std::string_view display_name, std::string_view return_to);

}  // namespace tribune::render
