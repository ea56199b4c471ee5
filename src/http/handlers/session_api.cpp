// POST /api/v1/session (log in) and DELETE /api/v1/session (log out), docs/openapi.yaml.
#include "http/handlers/handlers.hpp"

#include "http/json_codec.hpp"
#include "http/moderation_codec.hpp"
#include "http/problem.hpp"
#include "http/session_auth.hpp"

namespace tribune::http::session_api {

Response log_in_api(Services& s, Request& req, const Identity&) {
    auto body = decode_login(req.body);
    if (!body) return problem(body.error());
    auto login = log_in(s, body->email, body->password, client_ip(req, s.config));
    if (!login) return problem(login.error());
    Response r = json_response(200, encode_login(login->user, login->csrf_token));
    r.set("Set-Cookie", session_cookie(login->token, s.config));
    r.set("Cache-Control", "no-store");
    return r;
}

Response log_out_api(Services& s, Request&, const Identity& who) {
    if (auto ok = log_out(s, who); !ok) return problem(ok.error());
    Response r = no_content();
    r.set("Set-Cookie", expired_session_cookie(s.config));
    return r;
}

// Who the session cookie names, and its CSRF token (for scripts on Tribune's own pages).
Response whoami(Services& s, Request&, const Identity& who) {
    domain::User u;
    u.id = who.viewer.user_id.value_or(0);
    u.name = who.viewer.name;
    u.role = who.viewer.role;
    auto stored = s.store.get_user(u.id);
    if (stored) u = *stored;
    Response r = json_response(200, encode_login(u, who.csrf_token));
    r.set("Cache-Control", "no-store");
    return r;
}

}  // namespace tribune::http::session_api
