#pragma once
// Route registration for each group of handlers.

#include "http/router.hpp"
#include "http/services.hpp"
#include "live/hub.hpp"

namespace tribune::http {

/// A handler that calls `fn` with the shared services.
inline Handler with_services(Services& s, Response (*fn)(Services&, Request&)) {
    return [&s, fn](Request& r) { return fn(s, r); };
}

/// /api/v1/comments... and /api/v1/counts.
void add_comment_api(Router& router, Services& services);
/// POST /api/v1/live/typing and /api/v1/live/auth (the live stream itself is taken over by LiveEndpoint).
void add_live_api(Router& router, Services& services, live::Hub& hub);
/// /healthz (liveness) and /readyz (the store answers).
void add_health(Router& router, Services& s);
/// HTML pages and their forms: /, /articles/..., /name.
void add_pages(Router& router, Services& services);
/// POST/DELETE /api/v1/session, and the desk's JSON API: /api/v1/moderation/..., reports,
/// bans, users, policies, audit, privacy (handlers/session_api.cpp, handlers/moderation_api.cpp).
void add_session_api(Router& router, Services& services);
void add_moderation_api(Router& router, Services& services);
/// The moderation desk's HTML pages under /admin (handlers/desk_pages.cpp).
void add_desk_pages(Router& router, Services& services);
/// /static/... and /media/... from the assets compiled into the binary; with `compress`, their
/// gzip and Brotli forms are made here, once.
void add_static_assets(Router& router, bool compress = true);

}  // namespace tribune::http
