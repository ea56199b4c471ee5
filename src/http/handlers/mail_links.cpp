// The pages the links in reader mail open (service/notifications.hpp): no login, the signed token
// is the proof. A GET only shows what the link will do, with a button: mail scanners fetch every
// link, so nothing changes until the button (or a mail client's one-click unsubscribe) posts.
#include "http/handlers/handlers.hpp"

#include "http/identity.hpp"
#include "http/problem.hpp"
#include "render/pages.hpp"
#include "service/notifications.hpp"

namespace tribune::http::mail_links {
namespace {

using Action = render::MailLinkView::Action;
using Step = render::MailLinkView::Step;

Action action_of(service::MailTokenPurpose p) {
    switch (p) {
        case service::MailTokenPurpose::kConfirm: return Action::kConfirm;
        case service::MailTokenPurpose::kUnsubscribeThread: return Action::kStopThread;
        case service::MailTokenPurpose::kUnsubscribeAll: return Action::kStopAll;
    }
    return Action::kConfirm;
}

// Never cached, never indexed: each page is one reader's.
Response private_page(Response r) {
    r.set("Cache-Control", "no-store");
    r.set("X-Robots-Tag", "noindex, nofollow");
    return r;
}

Response mail_link_answer(Services& s, const service::MailToken& token, Step step, std::string text) {
    render::MailLinkView v;
    v.site = s.config.site;
    v.action = action_of(token.purpose);
    v.step = step;
    v.page = token.page;
    if (step == Step::kAsk) v.token = std::move(text);
    return private_page(html_response(200, render::mail_link_page(v)));
}

Response mail_link_refused(Services& s, const domain::Error& e) {
    Response r = pages::error_html(s, e);
    if (r.status == 429) r.set("Retry-After", std::to_string(e.retry_after_seconds > 0 ? e.retry_after_seconds : 1));
    return private_page(std::move(r));
}

// The token of a POST: the link's own query (RFC 8058 posts to the URL in the mail, its body
// only "List-Unsubscribe=One-Click"), else the form's `t` field (the confirm button).
std::string posted_token(const Request& req) {
    if (auto t = req.query_param("t")) return std::string(*t);
    auto form = parse_form(req.body);
    if (!form) return {};
    Request fields;
    fields.query = std::move(*form);
    return std::string(fields.query_param("t").value_or(""));
}

}  // namespace

Response confirm_get(Services& s, Request& req, const Identity&) {
    const std::string text(req.query_param("t").value_or(""));
    auto token = service::read_mail_link(s, service::MailLinkKind::kConfirm, text, client_ip(req, s.config));
    if (!token) return mail_link_refused(s, token.error());
    return mail_link_answer(s, *token, Step::kAsk, text);
}

Response confirm_post(Services& s, Request& req, const Identity&) {
    auto token = service::confirm_address(s, posted_token(req), client_ip(req, s.config));
    if (!token) return mail_link_refused(s, token.error());
    return mail_link_answer(s, *token, Step::kDone, {});
}

Response unsubscribe_get(Services& s, Request& req, const Identity&) {
    const std::string text(req.query_param("t").value_or(""));
    auto token = service::read_mail_link(s, service::MailLinkKind::kUnsubscribe, text, client_ip(req, s.config));
    if (!token) return mail_link_refused(s, token.error());
    return mail_link_answer(s, *token, Step::kAsk, text);
}

Response unsubscribe_post(Services& s, Request& req, const Identity&) {
    auto token = service::unsubscribe(s, posted_token(req), client_ip(req, s.config));
    if (!token) return mail_link_refused(s, token.error());
    return mail_link_answer(s, *token, Step::kDone, {});
}

}  // namespace tribune::http::mail_links
