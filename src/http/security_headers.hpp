#pragma once
// The headers that keep browsers safe with what Tribune sends, added to every answer a handler
// builds (the dispatcher's after-hook).

#include "http/config.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace tribune::http {

/// The Content-Security-Policy of every HTML answer: scripts, styles, media and connections from
/// the site itself only (no inline script), no plugins, forms posting to the site, and framing
/// by the site alone (the widget puts the discussion into its host page, never a frame).
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'";

/// Adds: on every answer `X-Content-Type-Options: nosniff` and `Referrer-Policy`; on HTML the
/// CSP above and `X-Frame-Options: SAMEORIGIN` (for browsers without frame-ancestors); HSTS
/// when the public URL is https; and on an answer computed for a viewer who sent credentials
/// (a cookie of ours, or Authorization) `Cache-Control: private, no-store` with
/// `Vary: Cookie, Authorization`, so no shared cache keeps one reader's view for another.
void add_security_headers(const HttpConfig& config, const Request& req, Response& res);

}  // namespace tribune::http
