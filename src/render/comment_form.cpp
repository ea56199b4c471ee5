#include "render/comment_form.hpp"

#include "render/comment_view.hpp"
#include "render/html_escape.hpp"

namespace tribune::render {

void append_csrf_field(std::string& out, std::string_view token) {
    if (token.empty()) return;
    out += "<input type=\"hidden\" name=\"csrf_token\" value=\"";
    append_escaped(out, token);
    out += "\">\n";
}

namespace {

// The optional address and what to mail about it. Never filled in: the address is not put back
// into any page, not even after a failed post.
void append_mail_fields(std::string& out, const std::string& email_id) {
    out += "<fieldset class=\"mail-asks\">\n<legend>Email me (optional)</legend>\n<label for=\"" + email_id +
           "\">Email (optional, never shown)</label>\n<input id=\"" + email_id +
           "\" name=\"author_email\" type=\"email\" maxlength=\"254\" autocomplete=\"email\" "
           "inputmode=\"email\">\n"
           "<label class=\"mail-ask\"><input type=\"checkbox\" name=\"notify_replies\" value=\"1\"> "
           "Notify me of replies by email</label>\n"
           "<label class=\"mail-ask\"><input type=\"checkbox\" name=\"notify_approval\" value=\"1\"> "
           "Tell me when it is approved</label>\n</fieldset>\n";
}

}  // namespace

void append_comment_form(std::string& out, const CommentForm& form) {
    const std::string field_id =
        form.parent_id ? "reply-text-" + std::to_string(*form.parent_id) : std::string("comment-text");
    out += form.parent_id ? "<form class=\"comment-form reply-form\"" : "<form class=\"comment-form\"";
    out += " method=\"post\" action=\"";
    append_escaped(out, form.action);
    out += "\">\n<input type=\"hidden\" name=\"author_name\" value=\"";
    append_escaped(out, form.author_name);
    out += "\">\n";
    append_csrf_field(out, form.csrf_token);
    if (form.parent_id) {
        out += "<input type=\"hidden\" name=\"parent_id\" value=\"" + std::to_string(*form.parent_id) + "\">\n";
    }
    out += "<label for=\"" + field_id + "\">";
    out += form.parent_id ? "Your reply" : "Your comment";
    out += "</label>\n<textarea id=\"" + field_id +
           "\" name=\"text\" rows=\"4\" required maxlength=\"10000\" placeholder=\"Plain text only\">\n";
    // The newline above is eaten by the HTML parser, so a text that starts with one keeps it.
    append_escaped(out, form.text);
    out += "</textarea>\n";
    append_mail_fields(out, form.parent_id ? "reply-email-" + std::to_string(*form.parent_id) : std::string("comment-email"));
    out += "<button type=\"submit\">Post comment</button>\n</form>\n";
}

void append_feedback(std::string& out, const FormFeedback& f) {
    if (f.ok) {
        out += "<div class=\"feedback feedback-ok\" role=\"status\"><p>";
        out += kFeedbackOk;
        out += "</p>";
        if (!f.message.empty() && f.message != kFeedbackOk) {
            out += "<p>";
            append_escaped(out, f.message);
            out += "</p>";
        }
        out += "</div>\n";
        return;
    }
    out += "<div class=\"feedback feedback-error\" role=\"alert\"><p>";
    out += kFeedbackError;
    out += "</p>";
    if (!f.message.empty()) {
        out += "<p class=\"feedback-detail\">";
        append_escaped(out, f.message);
        out += "</p>";
    }
    out += "</div>\n";
}

void append_commenter(std::string& out, const CommenterState& state, std::string_view display_name) {
    if (state.signed_in) {
        out += "<p class=\"commenter signed-in\">Commenting as <strong>";
        append_escaped(out, state.account_name);
        out += "</strong> &middot; <a href=\"/account\">Your account</a></p>\n";
        return;
    }
    const std::string link = "/account?return_to=" + url_encode(state.return_to);
    if (state.sign_in_required) {
        out += "<p class=\"sign-in-prompt\" data-sign-in-required><a href=\"";
        append_escaped(out, link);
        out += "\">Sign in</a> to join the discussion.</p>\n";
        return;
    }
    append_name_form(out, display_name, state.return_to);
    if (state.sign_in_offered) {
        out += "<p class=\"sign-in-prompt\"><a href=\"";
        append_escaped(out, link);
        out += "\">Sign in</a> to comment under one name everywhere and keep your comments.</p>\n";
    }
}

void append_name_form(std::string& out, std::string_view display_name, std::string_view return_to) {
    out += "<div class=\"identity\"><p class=\"identity-name\">Commenting as <strong class=\"display-name\">";
    append_escaped(out, shown_name(display_name));
    out +=
        "</strong></p>\n"
        "<form class=\"name-form\" method=\"post\" action=\"/name\">\n"
        "<label for=\"author-name\">Your name</label>\n"
        "<input id=\"author-name\" name=\"author_name\" type=\"text\" maxlength=\"64\" autocomplete=\"nickname\" "
        "placeholder=\"No Name\" value=\"";
    append_escaped(out, display_name);
    out += "\">\n<input type=\"hidden\" name=\"return_to\" value=\"";
    append_escaped(out, return_to);
    out += "\">\n<button type=\"submit\">Set</button>\n</form></div>\n";
}

}  // namespace tribune::render
