// The moderation desk under /admin: server-rendered pages whose forms work without scripts
// (POST-redirect-GET), and answer JSON to web/desk.js when it asks for it. This file holds the
// desk's refusals (run by the route guard), login, the queue and the actions on comments;
// handlers/desk_admin_pages.cpp the rest.
#include "http/handlers/handlers.hpp"

#include <algorithm>

#include <boost/json.hpp>


#include "domain/decimal.hpp"
#include "http/handlers/desk_support.hpp"
#include "http/json_codec.hpp"
#include "http/local_redirect.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/bans.hpp"
#include "service/moderation.hpp"
#include "service/policies.hpp"
#include "service/privacy.hpp"
#include "service/reports.hpp"
#include "http/moderation_codec.hpp"
#include "http/origin.hpp"
#include "http/problem.hpp"
#include "http/session_auth.hpp"
#include "render/desk_pages.hpp"
#include "render/html_escape.hpp"

namespace tribune::http {
namespace desk {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr int kQueuePageSize = 50;

// What `done=<what>:<n>` in a desk URL says, after a form. Only these: a link cannot make the
// desk show a message of its choosing.
std::optional<std::string> done_message(std::string_view done) {
    const auto colon = done.find(':');
    const std::string_view what = done.substr(0, colon);
    const auto parsed = colon == std::string_view::npos ? std::optional<std::int64_t>{1} : parse_int(done.substr(colon + 1));
    if (!parsed || *parsed < 0) return std::nullopt;
    const std::int64_t n = *parsed;
    const std::string comments = std::to_string(n) + (n == 1 ? " comment." : " comments.");
    if (what == "approve") return "Approved " + comments;
    if (what == "reject") return "Rejected " + comments;
    if (what == "spam") return "Marked as spam: " + comments;
    if (what == "feature") return "Featured " + comments;
    if (what == "unfeature") return "No longer featured: " + comments;
    if (what == "ban") return "Banned the author.";
    if (what == "lift") return "Lifted the ban.";
    if (what == "user-created") return "Created the account.";
    if (what == "user-saved") return "Saved the account.";
    if (what == "policy") return "Saved the site policy.";
    if (what == "thread-policy") return "Saved the thread policy.";
    if (what == "erase") return "Erased the commenter's data (" + comments.substr(0, comments.size() - 1) + ").";
    if (what == "webhook-added") return "Added the endpoint.";
    if (what == "webhook-test") return "Queued a test event: it shows in the delivery log within seconds.";
    if (what == "webhook-enabled") return "Enabled the endpoint.";
    if (what == "webhook-disabled") return "Disabled the endpoint.";
    if (what == "webhook-deleted") return "Deleted the endpoint.";
    if (what == "outbox-retry") return "Queued the message again.";
    if (what == "notifications") return "Saved how you hear of new work.";
    return std::nullopt;
}

void add_query_notices(const Request& req, render::DeskFrame& frame) {
    if (auto done = req.query_param("done")) {
        if (auto message = done_message(*done)) frame.notices.push_back(render::DeskNotice{true, std::move(*message)});
    }
    if (auto failed_count = req.query_param("failed")) {
        const auto n = parse_int(*failed_count);
        if (n && *n > 0)
            frame.notices.push_back(render::DeskNotice{
                false, std::to_string(*n) + (*n == 1 ? " comment" : " comments") +
                           " could not be changed: deleted, or gone since the page was loaded."});
    }
}

render::DeskFrame frame_for(Services& s, const Identity& who) {
    render::DeskFrame f;
    f.site = s.config.site;
    f.now = s.clock.now();
    f.staff.name = who.viewer.name.empty() ? who.actor_name() : who.viewer.name;
    f.staff.role = who.viewer.role;
    f.staff.csrf_token = who.csrf_token;
    return f;
}

// The desk page a form under `path` belongs to ("/admin/users/7" -> "/admin/users").
std::string section_of(std::string_view path) {
    for (std::string_view section : {"/admin/bans", "/admin/users", "/admin/policies", "/admin/privacy"})
        if (path.starts_with(section)) return std::string(section);
    return "/admin";
}

// Where a login lands: `next`, except that the desk's front page (the comment queue) is no
// page for a writer who is not on the comment desk: their articles are.
std::string desk_start(const std::string& next, domain::Role role) {
    if (next == "/admin" && !domain::is_staff(role) && domain::writes_articles(role)) return "/admin/articles";
    return next;
}

std::string login_path(std::string_view next) {
    return "/admin/login?next=" + render::url_encode(safe_desk_path(next, "/admin"));
}

// --- Login and logout ------------------------------------------------------------------------

Response login_form(Services& s, int status, std::string next, std::string email, std::string error,
                    std::string notice = {}) {
    render::DeskLoginView v;
    v.site = s.config.site;
    v.next = std::move(next);
    v.email = std::move(email);
    v.error = std::move(error);
    v.notice = std::move(notice);
    return desk_html(status, render::desk_login_page(v));
}

}  // namespace

namespace pages {

// Public, so the guard looks nobody up: a staff member who is already in goes on to `next`,
// and anything that keeps us from telling (the store away) just shows the form.
Response login_page(Services& s, Request& req, const Identity&) {
    const std::string next = safe_desk_path(req.query_param("next").value_or(""), "/admin");
    auto who = authenticate(s, req);
    if (who && (who->viewer.is_staff() || domain::writes_articles(who->viewer.role)))
        return see_other(desk_start(next, who->viewer.role));
    const bool logged_out = req.query_param("done").value_or("") == "logout";
    return login_form(s, 200, next, "", "", logged_out ? "You have logged out." : "");
}

Response login_post(Services& s, Request& req, const Identity&) {
    auto form = form_of(req);
    if (!form) return login_form(s, 400, "/admin", "", "The form data could not be read.");
    const std::string next = safe_desk_path(field(*form, "next"), "/admin");
    const std::string email(field(*form, "email"));
    if (!form_from_site(s.config, req)) return login_form(s, 403, next, email, "This form was sent from another site.");
    auto login = log_in(s, email, field(*form, "password"), client_ip(req, s.config));
    if (!login) {
        Response r = login_form(s, status_of(login.error().code), next, email, message_of(login.error()));
        if (login.error().code == ErrorCode::kRateLimited)
            r.set("Retry-After", std::to_string(std::max(1, login.error().retry_after_seconds)));
        return r;
    }
    Response r = see_other(desk_start(next, login->user.role));
    r.set("Set-Cookie", session_cookie(login->token, s.config));
    r.set("Cache-Control", "no-store");
    return r;
}

Response logout_post(Services& s, Request&, const Identity& who) {
    if (auto ok = log_out(s, who); !ok) return desk_error(s, nullptr, ok.error());
    Response r = see_other("/admin/login?done=logout");
    r.set("Set-Cookie", expired_session_cookie(s.config));
    return r;
}

}  // namespace pages

namespace {

// --- Comments --------------------------------------------------------------------------------

render::DeskItem desk_item(service::QueueItem q) {
    render::DeskItem it;
    it.comment = std::move(q.comment);
    it.parent = std::move(q.parent);
    it.article = std::move(q.article);
    it.author = q.author;
    it.edits = std::move(q.edits);
    it.reports = std::move(q.reports);
    return it;
}

// The tabs of the queue; counts are shown for the queues that wait on a moderator.
std::vector<render::DeskTab> tabs_of(const service::QueueView& v) {
    std::vector<render::DeskTab> tabs;
    for (const auto& [queue, count] : v.counts) {
        const bool waiting = queue == store::Queue::kPending || queue == store::Queue::kReported;
        tabs.push_back(render::DeskTab{std::string(service::to_string(queue)), waiting ? std::optional{count} : std::nullopt});
    }
    if (tabs.empty())
        for (std::string_view q : {"pending", "reported", "approved", "rejected", "spam"})
            tabs.push_back(render::DeskTab{std::string(q), std::nullopt});
    tabs.push_back(render::DeskTab{"deleted", std::nullopt});
    return tabs;
}

}  // namespace

namespace pages {

Response queue_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    return queue_page(s, req, d);
}

Response item_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    return item_page(s, req, d);
}

}  // namespace pages

namespace {

std::string encode_comment_answer(const domain::Comment& c) { return "{\"comment\":" + encode_comment(c) + "}"; }

Response private_json(int status, std::string body) {
    Response r = json_response(status, std::move(body));
    r.set("Cache-Control", "no-store");
    return r;
}

// The common start of every POST on the desk (the guard checked the caller and the CSRF field):
// the form, where to go back.
struct Posted {
    QueryParams form;
    std::string back;
    std::optional<Desk> desk;
    Response refusal;
};

Posted begin_post(Services& s, const Request& req, const Identity& who, std::string fallback) {
    Posted p;
    auto form = form_of(req);
    if (!form) {
        const auto e = make_error(ErrorCode::kMalformed, "Malformed form", "the form data could not be read");
        p.refusal = wants_json(req) ? problem(e) : desk_error(s, nullptr, e);
        return p;
    }
    p.form = std::move(*form);
    p.back = safe_desk_path(field(p.form, "return"), std::move(fallback));
    p.desk = open_desk(s, req, who);
    return p;
}

Response not_found(Services& s, const Request& req, Desk& d, std::string_view back) {
    return failed(s, req, d, make_error(ErrorCode::kNotFound, "Comment not found", "there is no such comment"), back);
}

}  // namespace

namespace pages {

Response moderate_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_post(s, req, who, "/admin");
    if (!p.desk) return p.refusal;
    const auto id = parse_id(req.path_params[0]);
    if (!id) return not_found(s, req, *p.desk, p.back);
    const std::string action(field(p.form, "action"));
    std::optional<std::string> seen;
    if (const auto version = field(p.form, "version"); !version.empty() && version.size() <= 32) seen = std::string(version);
    auto done = moderate_comment(s, *id, action, p.desk->who, seen);
    if (!done) return failed(s, req, *p.desk, done.error(), p.back);
    if (wants_json(req)) return private_json(200, encode_comment_answer(*done));
    return succeeded(p.back, action, 1);
}

Response bulk_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_post(s, req, who, "/admin");
    if (!p.desk) return p.refusal;
    std::vector<domain::CommentId> ids;
    for (const auto& [name, value] : p.form) {
        if (name != "id" && name != "ids[]" && name != "ids") continue;
        const auto id = parse_id(value);
        if (!id)
            return failed(s, req, *p.desk, make_error(ErrorCode::kMalformed, "Bad comment id", "ids must be comment ids"),
                          p.back);
        ids.push_back(*id);
    }
    if (ids.empty())
        return failed(s, req, *p.desk,
                      make_error(ErrorCode::kInvalid, "Nothing selected", "tick the comments to act on first",
                                 {domain::FieldError{"id", "select at least one comment"}}),
                      p.back);
    const std::string action(field(p.form, "action"));
    auto out = bulk_moderate(s, ids, action, p.desk->who);
    if (!out) return failed(s, req, *p.desk, out.error(), p.back);
    if (wants_json(req)) return private_json(200, encode_bulk(*out));  // the API's answer, for desk.js
    return succeeded(p.back, action, static_cast<std::int64_t>(out->done.size()),
                     static_cast<std::int64_t>(out->failed.size()));
}

Response ban_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_post(s, req, who, "/admin");
    if (!p.desk) return p.refusal;
    const auto id = parse_id(req.path_params[0]);
    if (!id) return not_found(s, req, *p.desk, p.back);
    const std::string_view days = field(p.form, "days");
    std::optional<int> duration;
    if (days != "forever") {
        const auto n = parse_int(days);
        if (!n || (*n != 1 && *n != 7 && *n != 30))
            return failed(s, req, *p.desk,
                          make_error(ErrorCode::kInvalid, "Choose how long", "a ban lasts 1, 7 or 30 days, or for good",
                                     {domain::FieldError{"days", "1, 7, 30 or forever"}}),
                          p.back);
        duration = static_cast<int>(*n);
    }
    auto bans = ban_author(s, *id, duration, field(p.form, "reason"), p.desk->who);
    if (!bans) return failed(s, req, *p.desk, bans.error(), p.back);
    if (wants_json(req))
        return private_json(201, boost::json::serialize(boost::json::object{{"banned", bans->size()}}));
    return succeeded(p.back, "ban", static_cast<std::int64_t>(bans->size()));
}

}  // namespace pages

// --- Shared (desk_support.hpp) -------------------------------------------------------------------

bool wants_json(const Request& req) {
    const auto accept = req.header("accept");
    return accept && accept->find("application/json") != std::string_view::npos;
}

Response desk_html(int status, std::string body) {
    Response r = html_response(status, std::move(body));
    r.set("Cache-Control", "no-store");
    r.set("X-Frame-Options", "DENY");
    r.set("Content-Security-Policy", "frame-ancestors 'none'");
    return r;
}

Response desk_error(Services& s, const Desk* d, int status, std::string title, std::string message) {
    render::DeskErrorView v;
    if (d) v.frame = d->frame;
    else {
        v.frame.site = s.config.site;
        v.frame.now = s.clock.now();
        v.frame.staff.role = domain::Role::kReader;
    }
    v.frame.notices.clear();
    v.status = status;
    v.title = std::move(title);
    v.message = std::move(message);
    return desk_html(status, render::desk_error_page(v));
}

Response desk_error(Services& s, const Desk* d, const domain::Error& e) {
    std::string message = e.message;
    if (e.reason == domain::ErrorReason::kCsrf)
        message = "This form has expired or did not come from the desk. Reload the page and try again.";
    else if (!message.empty())
        message = message_of(domain::make_error(e.code, "", message));
    return desk_error(s, d, status_of(e.code), e.title, std::move(message));
}

std::string message_of(const domain::Error& e) {
    const auto sentence = [](std::string t) {
        if (t.empty()) return t;
        if (t.front() >= 'a' && t.front() <= 'z') t.front() = static_cast<char>(t.front() - 'a' + 'A');
        if (t.back() != '.' && t.back() != '!' && t.back() != '?') t += '.';
        return t;
    };
    if (e.title.empty()) return sentence(e.message);
    if (e.message.empty()) return sentence(e.title);
    return sentence(e.title) + " " + sentence(e.message);
}

std::string safe_desk_path(std::string_view wanted, std::string fallback) {
    if (wanted.starts_with("/admin/login")) return fallback;
    return local_redirect_or(wanted, "/admin", std::move(fallback));
}

Desk open_desk(Services& s, const Request& req, const Identity& who) {
    Desk d{who, frame_for(s, who)};
    add_query_notices(req, d.frame);
    return d;
}

Response refuse_error(Services& s, const Request& req, const domain::Error& e) {
    return wants_json(req) ? problem(e) : desk_error(s, nullptr, e);
}

Response refuse_caller(Services& s, const Request& req, const Identity& who, const QueryParams* form) {
    const bool anonymous = !who.session;
    if (wants_json(req))
        return problem(anonymous ? make_error(ErrorCode::kUnauthenticated, "Log in first", "staff only")
                                 : make_error(ErrorCode::kForbidden, "Staff only", "the desk is for staff"));
    if (anonymous) {
        // After logging in: back to where the form would have gone, or the page asked for.
        const std::string next = form ? safe_desk_path(field(*form, "return"), section_of(req.path)) : req.target;
        return see_other(login_path(next));
    }
    Desk reader{who, frame_for(s, who)};
    // A writer refused under the articles stands on an editor's page (an article's live coverage).
    if (domain::writes_articles(who.viewer.role) && req.path.starts_with("/admin/articles/"))
        return desk_error(s, &reader, 403, "Editors only", "This part of the desk is for editors and admins.");
    return desk_error(s, &reader, 403, "Forbidden", "The desk is for moderators and admins. Your account is a reader's.");
}

Response failed(Services& s, const Request& req, Desk& d, const domain::Error& e, std::string_view return_to) {
    if (wants_json(req)) return problem(e);
    d.frame.notices.push_back(render::DeskNotice{false, message_of(e)});
    Response r = render_path(s, d, return_to);
    if (r.status < 400) r.status = status_of(e.code);
    if (e.code == ErrorCode::kRateLimited) r.set("Retry-After", std::to_string(std::max(1, e.retry_after_seconds)));
    return r;
}

Response succeeded(std::string_view return_to, std::string_view done, std::int64_t count, std::int64_t failed_count) {
    std::string to(return_to);
    to += to.find('?') == std::string::npos ? '?' : '&';
    to += "done=" + render::url_encode(done) + "%3A" + std::to_string(count);
    if (failed_count > 0) to += "&failed=" + std::to_string(failed_count);
    return see_other(std::move(to));
}

std::optional<QueryParams> form_of(const Request& req) { return parse_form(req.body); }

DeskPost begin_desk_post(Services& s, const Request& req, const Identity& who) {
    DeskPost p;
    auto form = form_of(req);
    if (!form) {
        p.refusal = desk_error(s, nullptr, 400, "Malformed form", "The form data could not be read.");
        return p;
    }
    p.form = std::move(*form);
    p.desk = open_desk(s, req, who);
    return p;
}

std::string_view field(const QueryParams& form, std::string_view name) {
    for (const auto& [k, v] : form)
        if (k == name) return v;
    return {};
}

std::optional<std::int64_t> parse_int(std::string_view s) { return domain::parse_integer(s); }

Response render_path(Services& s, Desk& d, std::string_view path) {
    Request get;
    get.method = Method::kGet;
    get.target = std::string(path);
    if (!parse_target(path, get.path, get.query)) {
        get.path = "/admin";
        get.query.clear();
    }
    constexpr std::string_view kComments = "/admin/comments/";
    if (get.path.rfind(kComments, 0) == 0) {
        get.path_params = {get.path.substr(kComments.size())};
        return item_page(s, get, d);
    }
    if (get.path == "/admin/bans") return bans_page(s, get, d);
    if (get.path == "/admin/audit") return audit_page(s, get, d);
    if (get.path == "/admin/users") return users_page(s, get, d);
    if (get.path == "/admin/policies") return policies_page(s, get, d);
    if (get.path == "/admin/privacy") return privacy_page(s, get, d);
    if (get.path == "/admin/webhooks") return webhooks_page(s, get, d);
    if (get.path == "/admin/notifications") return notifications_page(s, get, d);
    return queue_page(s, get, d);
}

Response queue_page(Services& s, const Request& req, Desk& d) {
    d.frame.section = render::DeskSection::kQueue;
    service::QueueRequest q;
    q.limit = kQueuePageSize;
    const std::string queue_name(req.query_param("queue").value_or("pending"));
    const auto queue = service::parse_queue(queue_name);
    if (!queue)
        return desk_error(s, &d, 404, "No such queue",
                          "The queues are pending, reported, approved, rejected, spam and deleted.");
    q.queue = *queue;
    q.text = std::string(req.query_param("q").value_or(""));
    q.author = std::string(req.query_param("author").value_or(""));
    q.page = std::string(req.query_param("page").value_or(""));
    if (auto after = req.query_param("after"); after && !after->empty()) {
        q.after_id = parse_id(*after);
        if (!q.after_id) return desk_error(s, &d, 400, "Bad page link", "This link to a later page is broken.");
    }
    auto loaded = load_queue(s, d.who, q);
    if (!loaded) return desk_error(s, &d, loaded.error());
    render::DeskQueueView v;
    v.frame = d.frame;
    v.queue = std::string(service::to_string(q.queue));
    v.text = q.text;
    v.author = q.author;
    v.page = q.page;
    v.tabs = tabs_of(*loaded);
    for (auto& item : loaded->items) v.items.push_back(desk_item(std::move(item)));
    v.next_after_id = loaded->next_after_id;
    v.is_continuation = q.after_id.has_value();
    v.return_to = render::desk_queue_path(v.queue, v.text, v.author, v.page, q.after_id);
    return desk_html(200, render::desk_queue_page(v));
}

Response item_page(Services& s, const Request& req, Desk& d) {
    d.frame.section = render::DeskSection::kQueue;
    const auto id = req.path_params.empty() ? std::nullopt : parse_id(req.path_params[0]);
    if (!id) return desk_error(s, &d, 404, "Comment not found", "There is no such comment.");
    auto loaded = load_item(s, d.who, *id);
    if (!loaded) return desk_error(s, &d, loaded.error());
    render::DeskItemView v;
    v.frame = d.frame;
    v.item = desk_item(std::move(*loaded));
    const std::string own = "/admin/comments/" + format_id(*id);
    if (req.query_param("fragment").value_or("") == "1") {
        // desk.js puts this into a queue page: its forms come back to that page.
        v.return_to = safe_desk_path(req.query_param("return").value_or(""), "/admin");
        return desk_html(200, render::desk_item_fragment(v));
    }
    v.return_to = own;
    return desk_html(200, render::desk_item_page(v));
}

}  // namespace desk
}  // namespace tribune::http
