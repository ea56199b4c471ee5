#pragma once
// What a route demands of a request before its handler runs, declared next to the route in
// http/route_table.cpp. The guard (http/route_guard.cpp) applies caller, CSRF and refusal; origin
// and body type are applied request-wide before routing (refuse_cross_site, cors), and rate
// limits inside the use cases: the policy names them so the table says everything in one place,
// and tests/http/route_table_test.cpp checks that the table and those checks agree.

#include <cstddef>
#include <string_view>

namespace tribune::http {

/// Who may call the route.
enum class Caller {
    kPublic,   // anyone; the handler needs no identity, so none is looked up (no store read)
    kAnyone,   // anyone; the identity is looked up (session, author token), the use case decides
    kSession,  // a logged-in session (401 "Not logged in" otherwise)
    kStaff,    // service::Permission::kModerate (401 without credentials, else 403)
    kAdmin,    // service::Permission::kAdminister
    kEditor,   // service::Permission::kPublish (every article; sections, tags, author profiles)
    kWriter,   // service::Permission::kWrite (authors, editors, admins; the use case checks whose article)
    kScraper,  // the metrics scraper: metrics_allow and metrics_token (404 when neither is set)
};

/// How a state-changing request proves it comes from this site's pages.
enum class Csrf {
    kNone,          // a safe method (GET): nothing to check
    kSessionToken,  // when the session cookie authenticates: its CSRF token in X-CSRF-Token or,
                    // for form bodies, the csrf_token field; bearer tokens and anonymous callers
                    // need none (a browser never adds them by itself, and nothing is theirs)
    kNoSession,     // needs no session, so there is no token to check: login (same-site origin
                    // only), live typing and auth (they name a live connection the caller holds),
                    // the display-name cookie, and the links in reader mail (the request carries
                    // its own signed token, and doing it twice changes nothing)
};

/// Which origins a browser may send a state-changing request from (refuse_cross_site).
enum class Origin {
    kSameSite,  // the site itself (pages and their forms); other origins get the 403 page
    kWidget,    // the site or allowed_origins, with CORS headers (everything under /api/)
    kAnySite,   // any origin: the links in reader mail (is_mail_link_path), whose signed token is
                // the whole proof; a mail client's one-click unsubscribe (RFC 8058) or a webmail's
                // page may post them from anywhere, and a forged post can only do what the token says
};

/// Which limiter the route's use case takes a token from (the limiters stay where they are).
enum class RateLimit {
    kNone,
    kPosts,       // service/comments.cpp take_post_tokens: per network, then per author
    kReports,     // service/reports.cpp: per network
    kLogins,      // service/sessions.cpp log_in: per address, per email, failures
    kLiveAuth,    // handlers/live_api.cpp: live_auths_per_ip
    kBadBearers,  // unknown bearer tokens (session_auth.cpp, metrics): bad_bearers_per_ip
    kMailLinks,   // service/notifications.cpp read_mail_link: bad_mail_links_per_ip (bad links only)
    kSignIns,     // service/sign_in.cpp: sign_in_links_per_ip and per address (links), sign_ins_per_ip
};

/// What body the route reads. State-changing routes under /api/ take JSON only (415 otherwise,
/// refuse_cross_site); forms are parsed by the guard for their csrf_token field. kMedia: a raw
/// media file of any declared type (POST /api/v1/media only: its handler sniffs the bytes).
/// kChunk: raw bytes of an import file (PUT /api/v1/imports/{id}/chunks/{n}: appended as they are).
enum class Body { kNone, kJson, kForm, kEither, kMedia, kChunk };

/// The one path whose body is a raw media file, not JSON (refuse_cross_site lets it through).
inline constexpr std::string_view kMediaUploadPath = "/api/v1/media";

/// Whether `path` is an import chunk's (/api/v1/imports/{id}/chunks/{n}), whose body is raw
/// bytes of the file, not JSON (refuse_cross_site lets it through; the route is admins' only).
inline bool is_import_chunk_path(std::string_view path) {
    constexpr std::string_view kPrefix = "/api/v1/imports/";
    if (!path.starts_with(kPrefix)) return false;
    path.remove_prefix(kPrefix.size());
    const auto slash = path.find('/');
    if (slash == std::string_view::npos || slash == 0) return false;
    path.remove_prefix(slash);
    if (!path.starts_with("/chunks/")) return false;
    path.remove_prefix(8);
    return !path.empty() && path.find('/') == std::string_view::npos;
}

/// The paths of the links in reader mail (confirm an address, unsubscribe): any origin may post
/// them (Origin::kAnySite; refuse_cross_site lets them through).
inline bool is_mail_link_path(std::string_view path) {
    return path == "/notifications/confirm" || path == "/notifications/unsubscribe";
}

/// The body limit of routes whose bodies are a field or two (the mail links): far below the
/// global max_body_bytes, so a token guesser cannot make the server read much.
inline constexpr std::size_t kSmallBodyLimit = 4096;

/// The body limit of the sign-in API: a field, or an SSO token (outbound::kMaxJwtBytes) in JSON.
inline constexpr std::size_t kSignInBodyLimit = 16384;

/// RoutePolicy::body_limit for the media upload: the server's large-body limit (the
/// media_max_bytes setting), read under a cap on how many such bodies are read at once. Only
/// POST routes may name it (the session looks the limit up for POSTs only).
inline constexpr std::size_t kLargeBodyLimit = static_cast<std::size_t>(-1);

/// How the guard answers a refused request.
enum class Refusal {
    kProblem,  // problem+json
    kPage,     // the reader's error page
    kDesk,     // the desk: anonymous HTML to /admin/login, a reader the 403 page, JSON (desk.js)
               // a problem; with the desk's own titles ("Log in first", "Staff only")
};

struct RoutePolicy {
    Caller caller = Caller::kPublic;
    Csrf csrf = Csrf::kNone;
    Origin origin = Origin::kSameSite;
    RateLimit rate_limit = RateLimit::kNone;
    Body body = Body::kNone;
    Refusal refusal = Refusal::kProblem;
    std::size_t body_limit = 0;  // 0: the global max_body_bytes; kLargeBodyLimit: the large-body limit;
                                 // else (POST only) at most this, when below the global limit
    /// For a state-changing route any caller may use: why that is right (checked non-empty).
    std::string_view public_because = {};
};

}  // namespace tribune::http
