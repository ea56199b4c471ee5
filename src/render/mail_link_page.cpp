// The pages a reader's mail links open: confirm an address, stop mail about one discussion or
// all mail. Asking first and acting on the button: a GET changes nothing.
#include "render/pages.hpp"

#include "render/html_escape.hpp"
#include "render/layout.hpp"

namespace tribune::render {
namespace {

using Action = MailLinkView::Action;

std::string_view mail_link_title(const MailLinkView& v) {
    const bool done = v.step == MailLinkView::Step::kDone;
    switch (v.action) {
        case Action::kConfirm: return done ? "Confirmed" : "Confirm your address";
        case Action::kStopThread: return done ? "Unsubscribed" : "Stop mail about this discussion";
        case Action::kStopAll: return done ? "Unsubscribed" : "Stop all mail";
    }
    return "";
}

void append_mail_link_what(std::string& out, const MailLinkView& v) {
    const bool done = v.step == MailLinkView::Step::kDone;
    out += "<p>";
    switch (v.action) {
        case Action::kConfirm:
            if (done) {
                out += "Your address is confirmed. You will get the mail you asked for when you commented.";
                break;
            }
            out += "Confirm your address to get the mail you asked for when you commented on ";
            append_escaped(out, v.site.name);
            out += ". Nothing is sent to it until you do.";
            break;
        case Action::kStopThread:
            out += "You will get no more mail about the discussion at <code>";
            append_escaped(out, v.page);
            out += "</code>.";
            if (!done) out += " Other mail from this site is not affected.";
            break;
        case Action::kStopAll:
            out += "You will get no more mail from ";
            append_escaped(out, v.site.name);
            out += done ? "." : ", about any discussion. Comment again with your address to start over.";
            break;
    }
    out += "</p>\n";
}

}  // namespace

std::string mail_link_page(const MailLinkView& v) {
    const std::string_view title = mail_link_title(v);
    std::string main = "<section class=\"mail-link-page\">\n<h1>";
    append_escaped(main, title);
    main += "</h1>\n";
    append_mail_link_what(main, v);
    if (v.step == MailLinkView::Step::kAsk) {
        // The unsubscribe button posts to the link itself (the token in the query), the very
        // request a mail client's one-click unsubscribe makes (RFC 8058).
        if (v.action == Action::kConfirm) {
            main += "<form method=\"post\" action=\"/notifications/confirm\">\n<input type=\"hidden\" name=\"t\" value=\"";
            append_escaped(main, v.token);
            main += "\">\n<button type=\"submit\">Confirm my address</button>\n</form>\n";
        } else {
            main += "<form method=\"post\" action=\"/notifications/unsubscribe?t=";
            append_escaped(main, v.token);
            main += "\">\n<button type=\"submit\">";
            main += v.action == Action::kStopThread ? "Stop mail about this discussion" : "Stop all mail";
            main += "</button>\n</form>\n";
        }
    }
    main += "<p><a href=\"/\">Back to the front page</a></p>\n</section>\n";
    return document(v.site, PageHead{title, "", ""}, main);
}

}  // namespace tribune::render
