#pragma once
// Who may act on this site from a browser: the site itself (its public_url) and the other sites
// named in allowed_origins. Origins are compared by scheme, host and port, never by the request's
// own Host header (which the client chooses).

#include <optional>
#include <string>
#include <string_view>

#include "http/config.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace tribune::http {

/// "scheme://host[:port]" in one spelling: scheme and host in lower case, the scheme's default
/// port left out, no trailing slash. nullopt for anything else (a path, user info, "null").
std::optional<std::string> canonical_origin(std::string_view origin);

/// True when `origin` is the site's own (the origin of config.site.base_url).
bool is_site_origin(const HttpConfig& config, std::string_view origin);

/// True when `origin` may use the API and the live stream: the site itself, or one of the
/// allowed origins ("*" allows any).
bool origin_allowed(const HttpConfig& config, std::string_view origin);

/// A form post from a page: true when it carries no Origin (a client that is not a browser, or
/// an old one) or the site's own; false for "null" and other sites.
bool form_from_site(const HttpConfig& config, const Request& req);

/// The request-wide guard against cross-site requests, run before any handler. Refuses:
/// - a state-changing request (POST, PUT, PATCH, DELETE) whose Origin is "null", or another site
///   than the allowed ones (the site itself for its pages and forms; allowed_origins too under
///   /api/): 403;
/// - a state-changing request under /api/ with a body that is not `application/json`: 415 (a
///   browser sends such "simple" requests cross-site without asking first).
std::optional<Response> refuse_cross_site(const HttpConfig& config, const Request& req);

}  // namespace tribune::http
