// A reader's own pages (render/account_pages.hpp): signing in without JavaScript (an email link,
// an OpenID provider), the account page and its forms, and the end of a sign-in begun in the
// widget on another site. Every page here is one person's: never cached, never indexed.
#include "http/handlers/handlers.hpp"

#include "http/problem.hpp"
#include "http/session_auth.hpp"
#include "render/account_pages.hpp"
#include "render/date_format.hpp"
#include "render/html_escape.hpp"
#include "service/author_token.hpp"
#include "service/privacy.hpp"
#include "service/reader_account.hpp"
#include "service/sign_in.hpp"

namespace tribune::http::account_pages {
namespace {

constexpr std::string_view kOidcStateCookie = "tribune_oidc";
constexpr int kAccountCommentsShown = 50;

Response private_page(Response r) {
    r.set("Cache-Control", "no-store");
    r.set("X-Robots-Tag", "noindex, nofollow");
    return r;
}

Response page_refused(Services& s, const domain::Error& e) {
    Response r = pages::error_html(s, e);
    if (r.status == 429) r.set("Retry-After", std::to_string(e.retry_after_seconds > 0 ? e.retry_after_seconds : 1));
    return private_page(std::move(r));
}

std::string form_value(const std::optional<QueryParams>& form, std::string_view name) {
    if (!form) return {};
    for (const auto& [k, v] : *form)
        if (k == name) return v;
    return {};
}

render::SignInPageView sign_in_view(Services& s, std::string_view return_to) {
    render::SignInPageView v;
    v.site = s.config.site;
    v.email_link = s.config.identity.email_links;
    for (const auto& p : s.config.identity.oidc_providers) v.providers.push_back({p.name, p.label});
    v.return_to = service::checked_return_to(s.config.identity, return_to);
    return v;
}

// scheme://host[:port] of an absolute URL (what postMessage is aimed at).
std::string url_origin(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    const auto end = url.find_first_of("/?#", scheme + 3);
    return std::string(url.substr(0, end));
}

// Where a finished sign-in goes: a local path (303 there), or a host page on another site (a
// page that goes on to it carrying a hand-off code in its fragment, which never reaches a server).
Response after_sign_in(Services& s, const service::FinishedSignIn& done) {
    Response r;
    if (service::is_host_page(done.return_to)) {
        auto code = service::new_handoff_code(s, done.login.user.id, done.handoff_challenge);
        if (!code) return page_refused(s, code.error());
        if (done.mode == "popup") {
            r = html_response(200, render::sign_in_popup_done_page(s.config.site, url_origin(done.return_to), *code));
        } else {
            r = html_response(200, render::sign_in_continue_page(s.config.site, done.return_to + "#tribune-signin=" + *code));
        }
    } else if (done.mode == "popup") {
        r = html_response(200, render::sign_in_popup_done_page(s.config.site, url_origin(s.config.site.base_url), ""));
    } else {
        r = see_other(done.return_to.empty() ? std::string("/account") : done.return_to);
    }
    r.set("Set-Cookie", session_cookie(done.login.token, s.config));
    return private_page(std::move(r));
}

// The author cookie's comments become the account's (a reader who commented, then signed in).
void claim_cookie_comments(Services& s, const Request& req, domain::UserId user_id) {
    const Identity carried = identify(req, s.config);
    if (carried.author_token.empty()) return;
    Identity as_account;
    as_account.session = true;
    as_account.viewer.user_id = user_id;
    (void)service::claim_own_comments(s, as_account, carried.author_token);
}

std::string comment_link(const Services& s, const store::OwnComment& c) {
    const std::string anchor = "#comment-" + std::to_string(c.id);
    if (c.page.starts_with("/") && !c.page.starts_with("//")) return c.page + anchor;
    if (c.page.starts_with("https://") || c.page.starts_with("http://")) return c.page + anchor;
    (void)s;
    return {};
}

Response account_view(Services& s, const Request& req, const Identity& who, std::string notice, bool ok) {
    auto user = service::own_account(s, who);
    if (!user) return page_refused(s, user.error());
    render::AccountPageView v;
    v.site = s.config.site;
    v.csrf_token = who.csrf_token;
    v.name = user->name;
    if (!domain::is_placeholder_email(user->email)) v.email = user->email;
    v.verified = user->email_verified && !v.email.empty();
    v.badge = user->badge;
    v.role = std::string(domain::to_string(user->role));
    v.can_delete = user->role == domain::Role::kReader;
    if (auto mail = service::own_mail_allowed(s, who)) v.mail_on = *mail;
    std::optional<std::int64_t> before;
    if (auto b = req.query_param("before"); b && !b->empty() && b->size() < 19 &&
                                            b->find_first_not_of("0123456789") == std::string_view::npos)
        before = std::stoll(std::string(*b));
    auto comments = service::own_comments(s, who, kAccountCommentsShown + 1, before);
    if (!comments) return page_refused(s, comments.error());
    if (static_cast<int>(comments->size()) > kAccountCommentsShown) {
        comments->resize(kAccountCommentsShown);
        v.more_link = "/account?before=" + std::to_string(comments->back().id);
    }
    for (const auto& c : *comments)
        v.comments.push_back({std::to_string(c.id), comment_link(s, c), c.page, c.excerpt, c.status,
                              render::short_date(c.created_at)});
    v.notice = std::move(notice);
    v.notice_ok = ok;
    return private_page(html_response(200, render::account_page(v)));
}

std::string notice_of(const Request& req) {
    const auto done = req.query_param("done").value_or("");
    if (done == "name") return "Your name is saved. It shows on all your comments.";
    if (done == "mail-stopped") return "We will send you no more mail about comments.";
    if (done == "mail-started") return "Mail about your comments is on again.";
    return {};
}

}  // namespace

Response account_get(Services& s, Request& req, const Identity& who) {
    if (who.session && who.viewer.user_id) return account_view(s, req, who, notice_of(req), true);
    auto v = sign_in_view(s, req.query_param("return_to").value_or(""));
    return private_page(html_response(200, render::sign_in_page(v)));
}

Response sign_in_link_post(Services& s, Request& req, const Identity&) {
    const auto form = parse_form(req.body);
    const std::string email = form_value(form, "email");
    const std::string return_to = form_value(form, "return_to");
    // No hand-off challenge: a sign-in begun on these pages (without the widget) ends on them.
    auto sent = service::request_sign_in_link(s, email, return_to, "", client_ip(req, s.config));
    if (!sent) {
        auto v = sign_in_view(s, return_to);
        v.email = email.substr(0, 254);
        v.notice = sent.error().title + (sent.error().message.empty() ? "" : ": " + sent.error().message);
        Response r = html_response(status_of(sent.error().code), render::sign_in_page(v));
        if (r.status == 429) r.set("Retry-After", std::to_string(std::max(1, sent.error().retry_after_seconds)));
        return private_page(std::move(r));
    }
    return private_page(html_response(200, render::sign_in_link_sent_page(s.config.site, email.substr(0, 254))));
}

Response sign_in_get(Services& s, Request& req, const Identity&) {
    const std::string token(req.query_param("token").value_or("").substr(0, 128));
    if (token.empty())
        return page_refused(s, domain::make_error(domain::ErrorCode::kInvalid, "This sign-in link is incomplete",
                                                  "open the whole link from the mail, or ask for a new one"));
    return private_page(html_response(200, render::sign_in_link_page(s.config.site, token)));
}

Response sign_in_post(Services& s, Request& req, const Identity&) {
    const auto form = parse_form(req.body);
    auto done = service::use_sign_in_link(s, form_value(form, "token"), client_ip(req, s.config));
    if (!done) return page_refused(s, done.error());
    claim_cookie_comments(s, req, done->login.user.id);
    return after_sign_in(s, *done);
}

Response name_post(Services& s, Request& req, const Identity& who) {
    const auto form = parse_form(req.body);
    auto saved = service::rename_own_account(s, who, form_value(form, "name"));
    if (!saved) {
        Response r = account_view(s, req, who, saved.error().title + ": " + saved.error().message, false);
        r.status = status_of(saved.error().code);
        return r;
    }
    return private_page(see_other("/account?done=name"));
}

Response mail_post(Services& s, Request& req, const Identity& who) {
    const auto form = parse_form(req.body);
    const bool start = form_value(form, "mail") == "start";
    if (auto ok = service::set_own_mail_allowed(s, who, start); !ok) return page_refused(s, ok.error());
    return private_page(see_other(start ? "/account?done=mail-started" : "/account?done=mail-stopped"));
}

Response delete_post(Services& s, Request& req, const Identity& who) {
    const auto form = parse_form(req.body);
    if (form_value(form, "confirm") != "yes") {
        Response r = account_view(s, req, who, "Tick \"I understand\" to delete your account.", false);
        r.status = 422;
        return r;
    }
    auto erased = service::erase_own_account(s, who);
    if (!erased) return page_refused(s, erased.error());
    Response r = see_other("/");
    r.set("Set-Cookie", expired_session_cookie(s.config));
    return private_page(std::move(r));
}

Response sign_out_post(Services& s, Request&, const Identity& who) {
    if (auto ok = log_out(s, who); !ok) return page_refused(s, ok.error());
    Response r = see_other("/");
    r.set("Set-Cookie", expired_session_cookie(s.config));
    return private_page(std::move(r));
}

Response data_get(Services& s, Request&, const Identity& who) {
    auto json = service::export_own_data(s, who);
    if (!json) return page_refused(s, json.error());
    Response r = json_response(200, std::move(*json));
    r.set("Content-Disposition", "attachment; filename=\"my-data.json\"");
    return private_page(std::move(r));
}

Response oidc_start(Services& s, Request& req, const Identity&) {
    const std::string provider = req.path_params.empty() ? std::string() : req.path_params[0];
    auto trip = service::start_oidc(s, provider, req.query_param("return_to").value_or(""),
                                    req.query_param("mode").value_or("page"),
                                    req.query_param("handoff_challenge").value_or(""), client_ip(req, s.config));
    if (!trip) return page_refused(s, trip.error());
    // The state also goes into a cookie of this browser: a callback that carries someone else's
    // state (a sign-in forced on this browser) does not match it.
    Response r;
    r.status = 302;
    r.set("Location", trip->url);
    r.set("Set-Cookie", cookie_name(kOidcStateCookie, s.config) + "=" + trip->state +
                            "; Path=/; Max-Age=600; HttpOnly; SameSite=Lax" +
                            (s.config.secure_cookies ? "; Secure" : ""));
    return private_page(std::move(r));
}

Response oidc_callback(Services& s, Request& req, const Identity&) {
    const std::string provider = req.path_params.empty() ? std::string() : req.path_params[0];
    const std::string state(req.query_param("state").value_or("").substr(0, 128));
    if (auto error = req.query_param("error"))
        return page_refused(s, domain::make_error(domain::ErrorCode::kUnauthenticated, "The sign-in did not complete",
                                                  "the provider said no; start again from the sign-in button"));
    const auto cookie = req.cookie(cookie_name(kOidcStateCookie, s.config));
    if (!cookie || state.empty() || !service::secret_equals(*cookie, state))
        return page_refused(s, domain::make_error(domain::ErrorCode::kUnauthenticated, "The sign-in did not complete",
                                                  "this sign-in began in another browser or expired; start again"));
    auto done = service::finish_oidc(s, provider, req.query_param("code").value_or("").substr(0, 2048), state);
    if (!done) return page_refused(s, done.error());
    claim_cookie_comments(s, req, done->login.user.id);
    Response r = after_sign_in(s, *done);
    r.set("Set-Cookie", cookie_name(kOidcStateCookie, s.config) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" +
                            (s.config.secure_cookies ? "; Secure" : ""));
    return r;
}

}  // namespace tribune::http::account_pages
