// The desk's JSON API: queues, bulk actions, reports, bans, accounts, policies, audit, privacy.
// Each handler runs after its route's guard (caller and CSRF checked, http/route_table.cpp),
// decodes, calls the use case, encodes.
#include "http/handlers/handlers.hpp"


#include "domain/comment_text.hpp"
#include "domain/decimal.hpp"
#include "http/json_codec.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/bans.hpp"
#include "service/moderation.hpp"
#include "service/policies.hpp"
#include "service/privacy.hpp"
#include "service/reports.hpp"
#include "http/moderation_codec.hpp"
#include "http/problem.hpp"
#include "http/session_auth.hpp"

namespace tribune::http::moderation_api {
namespace {

using domain::ErrorCode;
using domain::make_error;

Response not_found_id() { return problem(make_error(ErrorCode::kNotFound, "Not found", "no such id")); }

Response private_json(int status, std::string body) {
    Response r = json_response(status, std::move(body));
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace

Response queue(Services& s, Request& req, const Identity& who) {
    service::QueueRequest q;
    if (auto name = req.query_param("queue")) {
        auto parsed = service::parse_queue(*name);
        if (!parsed)
            return problem(make_error(ErrorCode::kInvalid, "Unknown queue",
                                      "queue must be pending, reported, approved, rejected, spam or deleted",
                                      {domain::FieldError{"queue", "unknown queue"}}));
        q.queue = *parsed;
    }
    q.text = std::string(req.query_param("q").value_or(""));
    q.author = std::string(req.query_param("author").value_or(""));
    q.page = std::string(req.query_param("page").value_or(""));
    if (auto after = req.query_param("after")) {
        q.after_id = parse_id(*after);
        if (!q.after_id)
            return problem(make_error(ErrorCode::kMalformed, "Bad cursor", "after must be a comment id"));
    }
    if (auto limit = req.query_param("limit")) {
        auto n = domain::parse_positive(*limit);
        if (!n || *n > 200)
            return problem(make_error(ErrorCode::kInvalid, "Invalid limit", "limit must be 1..200",
                                      {domain::FieldError{"limit", "1..200"}}));
        q.limit = static_cast<int>(*n);
    }
    auto v = load_queue(s, who, q);
    if (!v) return problem(v.error());
    return private_json(200, encode_queue(*v));
}

Response item(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto found = load_item(s, who, *id);
    if (!found) return problem(found.error());
    return private_json(200, encode_queue_item(*found));
}

Response bulk(Services& s, Request& req, const Identity& who) {
    auto body = decode_bulk(req.body);
    if (!body) return problem(body.error());
    auto done = bulk_moderate(s, body->ids, body->action, who);
    if (!done) return problem(done.error());
    return private_json(200, encode_bulk(*done));
}

Response report(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto reason = decode_report(req.body);
    if (!reason) return problem(reason.error());
    auto outcome = report_comment(s, *id, *reason, who);
    if (!outcome) return problem(outcome.error());
    return private_json(201, encode_report_outcome(*outcome));
}

Response ban(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto body = decode_ban(req.body);
    if (!body) return problem(body.error());
    auto bans = ban_author(s, *id, body->days, body->reason, who);
    if (!bans) return problem(bans.error());
    return private_json(201, encode_bans(*bans));
}

Response bans(Services& s, Request&, const Identity& who) {
    auto list = list_bans(s, who);
    if (!list) return problem(list.error());
    return private_json(200, encode_bans(*list));
}

Response lift(Services& s, Request& req, const Identity& who) {
    auto id = domain::parse_positive(req.path_params[0]);
    if (!id) return not_found_id();
    auto lifted = lift_ban(s, *id, who);
    if (!lifted) return problem(lifted.error());
    return private_json(200, encode_ban(*lifted));
}

Response audit(Services& s, Request& req, const Identity& who) {
    std::optional<std::int64_t> before;
    if (auto b = req.query_param("before")) {
        before = domain::parse_positive(*b);
        if (!before) return problem(make_error(ErrorCode::kMalformed, "Bad cursor", "before must be an entry id"));
    }
    int limit = 100;
    if (auto l = req.query_param("limit")) {
        auto n = domain::parse_positive(*l);
        if (!n || *n > 500)
            return problem(make_error(ErrorCode::kInvalid, "Invalid limit", "limit must be 1..500",
                                      {domain::FieldError{"limit", "1..500"}}));
        limit = static_cast<int>(*n);
    }
    auto entries = list_audit(s, who, before, limit, req.query_param("target").value_or(""));
    if (!entries) return problem(entries.error());
    return private_json(200, encode_audit(*entries));
}

Response get_policy(Services& s, Request&, const Identity& who) {
    // The guard admits staff only; asked again here, as every use case asks.
    if (auto ok = service::authorize(who, service::Permission::kModerate); !ok) return problem(ok.error());
    auto p = install_policy(s);
    if (!p) return problem(p.error());
    return private_json(200, encode_install_policy(*p));
}

Response put_policy(Services& s, Request& req, const Identity& who) {
    auto base = install_policy(s);
    if (!base) return problem(base.error());
    auto p = decode_install_policy(req.body, *base);
    if (!p) return problem(p.error());
    auto stored = set_install_policy(s, *p, who);
    if (!stored) return problem(stored.error());
    return private_json(200, encode_install_policy(*stored));
}

Response get_thread_policy(Services& s, Request& req, const Identity& who) {
    auto page = domain::validate_page_key(req.query_param("page").value_or(""), s.config.limits);
    if (!page) return problem(page.error());
    auto p = thread_policy(s, *page);
    if (!p) return problem(p.error());
    auto e = effective_policy(s, *page);
    if (!e) return problem(e.error());
    // Anyone may ask whether a thread is open (the widget shows it); overrides are for staff.
    return private_json(200, encode_thread_state(*page, *e, who.viewer.is_staff() ? &*p : nullptr));
}

Response put_thread_policy(Services& s, Request& req, const Identity& who) {
    auto p = decode_thread_policy(req.body);
    if (!p) return problem(p.error());
    auto stored = set_thread_policy(s, *p, who);
    if (!stored) return problem(stored.error());
    return private_json(200, encode_thread_policy(*stored));
}

Response users(Services& s, Request&, const Identity& who) {
    auto list = list_users(s, who);
    if (!list) return problem(list.error());
    return private_json(200, encode_users(*list));
}

Response add_user(Services& s, Request& req, const Identity& who) {
    auto body = decode_new_user(req.body);
    if (!body) return problem(body.error());
    auto u = create_user(s, body->email, body->name, body->role, body->password, who);
    if (!u) return problem(u.error());
    return private_json(201, encode_user(*u));
}

Response change_user(Services& s, Request& req, const Identity& who) {
    auto id = domain::parse_positive(req.path_params[0]);
    if (!id) return not_found_id();
    auto body = decode_user_update(req.body);
    if (!body) return problem(body.error());
    auto u = update_user(s, *id, body->role, body->disabled, who);
    if (!u) return problem(u.error());
    return private_json(200, encode_user(*u));
}

namespace {

// ?comment=ID, ?user=ID or ?email=ADDRESS; an erasure may name the email in its JSON body instead,
// when the query names no one. The use case checks the address (service/privacy.cpp).
domain::Result<service::AuthorRef> author_ref(const Request& req, bool body_may_name) {
    service::AuthorRef ref;
    const auto comment = req.query_param("comment");
    const auto user = req.query_param("user");
    auto email = req.query_param("email");
    if (int{comment.has_value()} + int{user.has_value()} + int{email.has_value()} > 1)
        return make_error(ErrorCode::kInvalid, "Name one commenter", "give one of comment, user or email",
                          {domain::FieldError{email ? "email" : "user", "give one of comment, user or email"}});
    if (comment) {
        ref.comment_id = parse_id(*comment);
        if (!ref.comment_id) return make_error(ErrorCode::kNotFound, "Comment not found", "no such comment");
    } else if (user) {
        ref.user_id = domain::parse_positive(*user);
        if (!ref.user_id) return make_error(ErrorCode::kNotFound, "Account not found", "no such account");
    } else if (email) {
        ref.email = std::string(*email);
    } else if (body_may_name && !req.body.empty()) {
        auto named = decode_privacy_body(req.body);
        if (!named) return named.error();
        ref.email = std::move(*named);
    }
    return ref;
}

}  // namespace

Response privacy_export(Services& s, Request& req, const Identity& who) {
    auto ref = author_ref(req, false);
    if (!ref) return problem(ref.error());
    auto doc = export_author(s, *ref, who);
    if (!doc) return problem(doc.error());
    Response r = private_json(200, std::move(*doc));
    r.set("Content-Disposition", "attachment; filename=\"tribune-commenter-export.json\"");
    return r;
}

Response privacy_erase(Services& s, Request& req, const Identity& who) {
    auto ref = author_ref(req, true);
    if (!ref) return problem(ref.error());
    auto erased = erase_author(s, *ref, who);
    if (!erased) return problem(erased.error());
    return private_json(200, encode_erase_summary(*erased));
}

}  // namespace tribune::http::moderation_api
