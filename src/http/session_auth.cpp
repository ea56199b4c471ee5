#include "http/session_auth.hpp"

#include "service/author_token.hpp"
#include "service/password.hpp"
#include "service/sessions.hpp"

namespace tribune::http {
namespace {

using domain::ErrorCode;
using domain::make_error;
using service::CachedSession;
using service::hash_author_token;
using service::is_author_token;
using service::secret_equals;

bool changes_state(Method m) {
    return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

domain::Error csrf_refused() {
    domain::Error e = make_error(ErrorCode::kForbidden, "CSRF token missing or invalid",
                                 "send the session's CSRF token in X-CSRF-Token (or the form's csrf_token field)");
    e.reason = domain::ErrorReason::kCsrf;
    return e;
}

void adopt(Identity& id, const service::CachedSession& c, const std::string& token_hash) {
    id.viewer = c.viewer;
    id.session = true;
    id.credentials = true;
    id.session_token_hash = token_hash;
    id.csrf_token = c.session.csrf_token;
}

std::string cookie_tail(const HttpConfig& config) {
    std::string a = "; Path=/; HttpOnly; SameSite=Lax";
    if (config.secure_cookies) a += "; Secure";
    return a;
}

}  // namespace

domain::Result<Identity> authenticate(Services& s, const Request& req, std::string_view form_csrf) {
    Identity id = identify(req, s.config);
    if (!id.bearer_session.empty()) {  // a session sent as a bearer token: never ambient, no CSRF
        const std::string token_hash = service::hash_author_token(id.bearer_session);
        auto found = service::find_session(s, token_hash);
        if (!found) return found.error();
        if (!*found) {
            id.unknown_bearer = true;  // an ended session: judged as an unknown bearer token
        } else {
            adopt(id, **found, token_hash);
            return id;
        }
    }
    if (req.header("authorization")) {  // bearer credentials: never ambient, no CSRF
        // Guessing at the admin token costs a token from this address's bucket.
        if (id.unknown_bearer) {
            if (auto wait = s.guards.bad_bearers_per_ip.take(id.client_ip, std::chrono::steady_clock::now())) {
                auto e = make_error(ErrorCode::kRateLimited, "Too many unknown tokens",
                                    "wait " + std::to_string(wait->count()) + " seconds and try again");
                e.retry_after_seconds = static_cast<int>(wait->count());
                return e;
            }
        }
        return id;
    }
    const auto cookie = req.cookie(cookie_name(kSessionCookie, s.config));
    if (!cookie || !service::is_author_token(*cookie)) return id;
    const std::string token_hash = service::hash_author_token(*cookie);
    auto found = service::find_session(s, token_hash);
    if (!found) return found.error();
    if (!*found) return id;
    // The session's owner may also carry an author token (comments posted before logging in):
    // keep it, so they still see their own pending comments.
    const std::string author_hash = id.viewer.author_token_hash;
    adopt(id, **found, token_hash);
    id.viewer.author_token_hash = author_hash;
    if (changes_state(req.method)) {
        std::string_view sent = form_csrf;
        if (sent.empty()) sent = req.header(kCsrfHeader).value_or("");
        if (sent.empty() || !service::secret_equals(sent, id.csrf_token)) return csrf_refused();
    }
    return id;
}

Identity identify_for_live(Services& s, const Request& req) {
    Identity id = identify(req, s.config);
    if (req.header("authorization")) return id;
    const auto cookie = req.cookie(cookie_name(kSessionCookie, s.config));
    if (!cookie || !service::is_author_token(*cookie)) return id;
    const std::string token_hash = service::hash_author_token(*cookie);
    if (auto cached = service::recent_session(s, token_hash)) {
        const std::string author_hash = id.viewer.author_token_hash;
        adopt(id, *cached, token_hash);
        id.viewer.author_token_hash = author_hash;
    }
    return id;
}

std::string session_cookie(const std::string& token, const HttpConfig& config) {
    return cookie_name(kSessionCookie, config) + "=" + token + "; Max-Age=" +
           std::to_string(config.session_lifetime.count()) + cookie_tail(config);
}

std::string expired_session_cookie(const HttpConfig& config) {
    return cookie_name(kSessionCookie, config) + "=; Max-Age=0" + cookie_tail(config);
}

}  // namespace tribune::http
