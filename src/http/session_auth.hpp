#pragma once
// Logged-in staff and readers: the session cookie, CSRF tokens, login and logout.
//
// A session cookie holds a random token; the store keeps its BLAKE2b hash with the user and a
// CSRF token. Every state-changing request (POST, PUT, PATCH, DELETE) authenticated by the
// session cookie must carry that CSRF token in X-CSRF-Token or a form field `csrf_token`;
// requests authenticated by a bearer token (admin token, author token) need none, since a
// browser never adds those by itself.

#include <string>
#include <string_view>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "http/identity.hpp"
#include "http/request.hpp"
#include "http/services.hpp"
#include "service/sessions.hpp"

namespace tribune::http {

/// Who sent `req`: identify() plus the session cookie (when no bearer token is sent). For a
/// state-changing request authenticated by the session, `form_csrf` (the form field, if the
/// handler parsed a form) or the X-CSRF-Token header must match. Errors: kForbidden "CSRF token
/// missing or invalid"; kUnavailable from the store. An unknown or expired session cookie is
/// ignored (the request is anonymous).
domain::Result<Identity> authenticate(Services& s, const Request& req, std::string_view form_csrf = {});

/// Like authenticate() without the CSRF check and without the store: for the live endpoint on an
/// I/O thread. Uses only sessions this node has seen recently (SessionCache).
Identity identify_for_live(Services& s, const Request& req);

/// Set-Cookie values for the session.
std::string session_cookie(const std::string& token, const HttpConfig& config);
std::string expired_session_cookie(const HttpConfig& config);

}  // namespace tribune::http
