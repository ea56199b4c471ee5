// The reader identity API (docs/openapi.yaml, "Identity"): sign-in by email link, the widget's
// hand-off code, newsroom SSO, and a signed-in reader's own account under /api/v1/me.
#include "http/handlers/handlers.hpp"

#include <limits>

#include "http/identity_codec.hpp"
#include "http/problem.hpp"
#include "http/session_auth.hpp"
#include "service/privacy.hpp"
#include "service/reader_account.hpp"
#include "service/sign_in.hpp"

namespace tribune::http::sign_in_api {
namespace {

Response private_json(int status, std::string body) {
    Response r = json_response(status, std::move(body));
    r.set("Cache-Control", "no-store");
    return r;
}

Response refused(const domain::Error& e) {
    Response r = problem(e);
    r.set("Cache-Control", "no-store");
    return r;
}

// A finished sign-in: the session as a cookie (Tribune's own pages) and as a token for the
// Authorization header (the widget on another site, where our cookies may be blocked). Comments
// written under the author cookie sent along become the account's.
Response signed_in(Services& s, const Request& req, const service::Login& login) {
    const Identity carried = identify(req, s.config);
    if (!carried.author_token.empty()) {
        Identity as_account;
        as_account.session = true;
        as_account.viewer.user_id = login.user.id;
        (void)service::claim_own_comments(s, as_account, carried.author_token);
    }
    Response r = private_json(200, encode_signed_in(login.user, std::string(kSessionBearerPrefix) + login.token,
                                                    login.csrf_token));
    r.set("Set-Cookie", session_cookie(login.token, s.config));
    return r;
}

}  // namespace

Response options(Services& s, Request&, const Identity&) {
    return json_response(200, encode_sign_in_options(s.config.identity));
}

Response request_link(Services& s, Request& req, const Identity&) {
    auto body = decode_identity_fields(req.body, "email", {"return_to", "handoff_challenge"});
    if (!body) return refused(body.error());
    auto sent = service::request_sign_in_link(s, body->value, body->optional_values[0], body->optional_values[1],
                                              client_ip(req, s.config));
    if (!sent) return refused(sent.error());
    return private_json(202, "{\"status\":\"sent\"}");
}

Response handoff(Services& s, Request& req, const Identity&) {
    auto body = decode_identity_fields(req.body, "code", {"verifier"});
    if (!body) return refused(body.error());
    auto login = service::use_handoff_code(s, body->value, body->optional_values[0], client_ip(req, s.config));
    if (!login) return refused(login.error());
    return signed_in(s, req, *login);
}

Response sso(Services& s, Request& req, const Identity&) {
    auto body = decode_identity_fields(req.body, "token");
    if (!body) return refused(body.error());
    auto login = service::sign_in_with_sso(s, body->value, client_ip(req, s.config));
    if (!login) return refused(login.error());
    return signed_in(s, req, *login);
}

Response me(Services& s, Request&, const Identity& who) {
    auto user = service::own_account(s, who);
    if (!user) return refused(user.error());
    return private_json(200, encode_account(*user));
}

Response rename(Services& s, Request& req, const Identity& who) {
    auto body = decode_identity_fields(req.body, "name");
    if (!body) return refused(body.error());
    auto user = service::rename_own_account(s, who, body->value);
    if (!user) return refused(user.error());
    return private_json(200, encode_account(*user));
}

Response remove(Services& s, Request&, const Identity& who) {
    auto erased = service::erase_own_account(s, who);
    if (!erased) return refused(erased.error());
    Response r = no_content();
    r.set("Set-Cookie", expired_session_cookie(s.config));
    return r;
}

namespace {

// A whole number of at most 18 digits in `min..max`, or nullopt.
std::optional<std::int64_t> bounded_number(std::string_view text, std::int64_t min, std::int64_t max) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    const std::int64_t n = std::stoll(std::string(text));
    if (n < min || n > max) return std::nullopt;
    return n;
}

}  // namespace

Response comments(Services& s, Request& req, const Identity& who) {
    constexpr std::int64_t kDefaultLimit = 50, kMaxLimit = 100;
    std::int64_t limit = kDefaultLimit;
    if (auto l = req.query_param("limit")) {
        auto n = bounded_number(*l, 1, kMaxLimit);
        if (!n)
            return refused(domain::make_error(domain::ErrorCode::kInvalid, "Invalid limit", "limit is 1..100",
                                              {domain::FieldError{"limit", "1..100"}}));
        limit = *n;
    }
    std::optional<std::int64_t> before;
    if (auto b = req.query_param("before")) {
        before = bounded_number(*b, 1, std::numeric_limits<std::int64_t>::max());
        if (!before)
            return refused(domain::make_error(domain::ErrorCode::kInvalid, "Invalid cursor", "before is a comment id",
                                              {domain::FieldError{"before", "a comment id"}}));
    }
    auto list = service::own_comments(s, who, static_cast<int>(limit) + 1, before);
    if (!list) return refused(list.error());
    const bool more = static_cast<std::int64_t>(list->size()) > limit;
    if (more) list->resize(static_cast<std::size_t>(limit));
    return private_json(200, encode_own_comments(*list, more));
}

Response claim(Services& s, Request& req, const Identity& who) {
    auto body = decode_identity_fields(req.body, "author_token");
    if (!body) return refused(body.error());
    auto n = service::claim_own_comments(s, who, body->value);
    if (!n) return refused(n.error());
    return private_json(200, encode_claimed(*n));
}

Response data(Services& s, Request&, const Identity& who) {
    auto json = service::export_own_data(s, who);
    if (!json) return refused(json.error());
    Response r = private_json(200, std::move(*json));
    r.set("Content-Disposition", "attachment; filename=\"my-data.json\"");
    return r;
}

}  // namespace tribune::http::sign_in_api
