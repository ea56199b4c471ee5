// The JSON API for comments and counts (docs/openapi.yaml).
#include "http/handlers/handlers.hpp"

#include "domain/comment_text.hpp"
#include "http/cached_answer.hpp"
#include "service/comments.hpp"
#include "http/json_codec.hpp"
#include "http/list_params.hpp"
#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/bans.hpp"
#include "service/moderation.hpp"
#include "service/policies.hpp"
#include "service/privacy.hpp"
#include "service/reports.hpp"
#include "http/problem.hpp"
#include "http/session_auth.hpp"
#include "service/thread_reader.hpp"

namespace tribune::http::comments_api {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr std::size_t kMaxCountPages = 100;

Response not_found_id() {
    return problem(make_error(ErrorCode::kNotFound, "Comment not found", "no such comment"));
}

Response with_etag(Response r) {
    r.set("ETag", etag_of(r.body));
    r.set("Cache-Control", "no-cache");
    return r;
}

// The public first page is the same for every reader without credentials: cache it.
bool is_cacheable(const Request& req) {
    return !req.header("authorization") && !has_credential_cookie(req) &&
           !req.query_param("cursor") &&
           !req.query_param("status");
}

// From the parsed query, never its text: "limit=100" and "limit=0100" must not be two entries.
std::string cache_key(const store::ListQuery& q) {
    std::string key = q.order == domain::SortOrder::kOldest ? "api:oldest:" : "api:newest:";
    key += std::to_string(q.limit);
    return key;
}

}  // namespace

Response list_comments(Services& s, Request& req, const Identity& who) {
    const auto page_param = req.query_param("page");
    if (!page_param)
        return problem(make_error(ErrorCode::kInvalid, "Missing parameter page", "page is required",
                                  {domain::FieldError{"page", "is required"}}));
    auto page = domain::validate_page_key(*page_param, s.config.limits);
    if (!page) return problem(page.error());
    auto q = list_query_from(req, who, s.config.limits);
    if (!q) return problem(q.error());
    const bool cacheable = is_cacheable(req);
    const std::uint64_t version = cacheable ? s.cache.version(*page) : 0;
    auto thread = service::read_thread(s.store, *page, *q, s.config.limits);
    if (!thread) return problem(thread.error());
    auto policy = service::effective_policy(s, *page);
    if (!policy) return problem(policy.error());
    thread->sign_in_required = policy->signin_required;
    // Compressed once here, for every reader the entry will serve; an answer only this viewer
    // sees is not worth compressing (and may hold what is theirs alone).
    CachedBody encoded =
        cacheable ? store_cached_body(s.cache, *page, cache_key(*q), version, encode_thread_page(*thread), kJsonType,
                                      s.config.compression)
                  : make_cached_body(encode_thread_page(*thread), kJsonType, false);
    return cached_answer(req, encoded, kJsonType);
}

std::optional<Response> list_comments_fast(Services& s, Request& req) {
    if (!is_cacheable(req)) return std::nullopt;
    const auto page = req.query_param("page");
    if (!page) return std::nullopt;
    auto q = list_query_from(req, Identity{}, s.config.limits);  // no credentials: nothing read from the store
    if (!q) return std::nullopt;  // the handler answers the error
    if (auto hit = s.cache.get(std::string(*page), cache_key(*q))) return cached_answer(req, *hit, kJsonType);
    return std::nullopt;
}

Response get_comment(Services& s, Request& req, const Identity& who) {
    const auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto c = visible_comment(s, *id, who.viewer);
    if (!c) return problem(c.error());
    return with_etag(json_response(200, encode_comment(*c)));
}

Response list_replies(Services& s, Request& req, const Identity& who) {
    const auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto q = list_query_from(req, who, s.config.limits);
    if (!q) return problem(q.error());
    auto parent = visible_comment(s, *id, who.viewer);
    if (!parent) return problem(parent.error());
    auto replies = service::read_replies(s.store, *parent, *q);
    if (!replies) return problem(replies.error());
    return with_etag(json_response(200, encode_reply_page(*replies)));
}

Response edit_history(Services& s, Request& req, const Identity& who) {
    // The guard admits staff only; asked again here, as every use case asks.
    if (auto ok = service::authorize(who, service::Permission::kModerate); !ok) return problem(ok.error());
    const auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto history = s.store.edit_history(*id);
    if (!history) return problem(history.error());
    return json_response(200, encode_history(*id, *history));
}

Response create_comment(Services& s, Request& req, const Identity& who) {
    auto draft = decode_new_comment(req.body);
    if (!draft) return problem(draft.error());
    auto posted = post_comment(s, *draft, who, draft->mail);
    if (!posted) return problem(posted.error());
    Response r = json_response(201, encode_created(posted->comment, posted->author_token));
    r.set("Location", "/api/v1/comments/" + format_id(posted->comment.id));
    if (!posted->author_token.empty() && posted->token_is_new)
        r.set("Set-Cookie", author_cookie(posted->author_token, s.config));
    return r;
}

Response patch_comment(Services& s, Request& req, const Identity& who) {
    const auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto text = decode_edit(req.body);
    if (!text) return problem(text.error());
    auto edited = edit_comment(s, *id, *text, who);
    if (!edited) return problem(edited.error());
    return json_response(200, encode_comment(*edited));
}

Response remove_comment(Services& s, Request& req, const Identity& who) {
    const auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto deleted = delete_comment(s, *id, who);
    if (!deleted) return problem(deleted.error());
    return no_content();
}

Response moderate(Services& s, Request& req, const Identity& who) {
    const auto id = parse_id(req.path_params[0]);
    if (!id) return not_found_id();
    auto action = decode_moderation(req.body);
    if (!action) return problem(action.error());
    // The version seen: the body's `version`, else If-Match ("v" or "\"v\"").
    std::optional<std::string> seen = action->version;
    if (!seen) {
        if (auto match = req.header("if-match"); match && match->size() <= 34) {
            std::string_view v = *match;
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
            seen = std::string(v);
        }
    }
    auto moved = moderate_comment(s, *id, action->action, who, seen);
    if (!moved) return problem(moved.error());
    return json_response(200, encode_comment(*moved));
}

Response counts(Services& s, Request& req, const Identity&) {
    const auto wanted = req.query_params("page");
    if (wanted.empty())
        return problem(make_error(ErrorCode::kInvalid, "Missing parameter page", "name at least one page",
                                  {domain::FieldError{"page", "is required"}}));
    if (wanted.size() > kMaxCountPages)
        return problem(make_error(ErrorCode::kInvalid, "Too many pages",
                                  "at most " + std::to_string(kMaxCountPages) + " pages per request",
                                  {domain::FieldError{"page", "too many"}}));
    std::vector<std::string> pages;
    for (auto p : wanted) {
        auto page = domain::validate_page_key(p, s.config.limits);
        if (!page) return problem(page.error());
        pages.push_back(std::move(*page));
    }
    auto n = s.store.count_approved_many(pages);
    if (!n) return problem(n.error());
    return with_etag(json_response(200, encode_counts(pages, *n)));
}

Response healthz(Services&, Request&, const Identity&) { return json_response(200, encode_object({{"status", "ok"}})); }

// Readiness: it can also reach its store (a load balancer sends no readers to a node whose
// database is away).
Response readyz(Services& s, Request&, const Identity&) {
    if (auto probe = s.store.count_approved("/"); !probe)
        return problem(make_error(ErrorCode::kUnavailable, "Not ready", "the store cannot be reached"));
    return json_response(200, encode_object({{"status", "ready"}}));
}

}  // namespace tribune::http::comments_api
