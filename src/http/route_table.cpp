// Every route: method, pattern, policy (who may call it, CSRF, origin, rate limit, body; see
// route_policy.hpp) and handler. Adding a route is adding a line here.
#include "http/route_table.hpp"

#include <array>

#include "http/route_guard.hpp"

namespace tribune::http {
namespace {

using enum Method;
using C = Caller;
using B = Body;

// --- The policies most routes share -------------------------------------------------------------

// Reads anyone may make whose answer is the same for everyone: nobody is looked up.
constexpr RoutePolicy kOpen{};
constexpr RoutePolicy kOpenApi{.origin = Origin::kWidget};
// Reads whose answer depends on who asks (their own pending comments, staff's extra fields).
constexpr RoutePolicy kReaderPage{.caller = C::kAnyone, .refusal = Refusal::kPage};
constexpr RoutePolicy kApiRead{.caller = C::kAnyone, .origin = Origin::kWidget};
constexpr RoutePolicy kStaffRead{.caller = C::kStaff, .origin = Origin::kWidget};
constexpr RoutePolicy kAdminRead{.caller = C::kAdmin, .origin = Origin::kWidget};
// The desk's JSON changes: staff (or admins), a session proves itself with X-CSRF-Token.
constexpr RoutePolicy kStaffChange{.caller = C::kStaff, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .body = B::kJson};
constexpr RoutePolicy kWriterChange{.caller = C::kWriter, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .body = B::kJson};
constexpr RoutePolicy kEditorChange{.caller = C::kEditor, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .body = B::kJson};
constexpr RoutePolicy kAdminChange{.caller = C::kAdmin, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .body = B::kJson};
// The desk's pages and forms (the csrf_token field). Admin-only pages are staff pages whose use
// cases refuse moderators, shown inside the desk's frame.
constexpr RoutePolicy kDeskPage{.caller = C::kStaff, .refusal = Refusal::kDesk};
// The newsroom's desk pages: writers (authors, editors, admins); the use cases decide whose articles.
constexpr RoutePolicy kWriterDeskPage{.caller = C::kWriter, .refusal = Refusal::kDesk};
constexpr RoutePolicy kWriterDeskForm{.caller = C::kWriter, .csrf = Csrf::kSessionToken, .body = B::kForm, .refusal = Refusal::kDesk};
// Editors' desk pages and forms (an article's history and its live coverage); authors are refused with the desk's page.
constexpr RoutePolicy kEditorDeskPage{.caller = C::kEditor, .refusal = Refusal::kDesk};
constexpr RoutePolicy kEditorDeskForm{.caller = C::kEditor, .csrf = Csrf::kSessionToken, .body = B::kForm, .refusal = Refusal::kDesk};
// An editor's reads of the newsroom's private data (an article's versions).
constexpr RoutePolicy kEditorRead{.caller = C::kEditor, .origin = Origin::kWidget};
constexpr RoutePolicy kDeskForm{.caller = C::kStaff, .csrf = Csrf::kSessionToken, .body = B::kForm, .refusal = Refusal::kDesk};

// The links in reader mail: no caller is looked up (the token names the address).
constexpr RoutePolicy kMailLinkPage{.origin = Origin::kAnySite, .rate_limit = RateLimit::kMailLinks, .refusal = Refusal::kPage};
constexpr RoutePolicy kMailLinkPost{.csrf = Csrf::kNoSession, .origin = Origin::kAnySite, .rate_limit = RateLimit::kMailLinks,
                                    .body = B::kForm, .refusal = Refusal::kPage, .body_limit = kSmallBodyLimit,
                                    .public_because = "the signed token in the link is the proof (no CSRF token: it is "
                                                      "bound to one address and doing it twice changes nothing)"};

// Signing in (handlers/sign_in_api.cpp, account_pages.cpp): there is no session yet, so no CSRF
// token; each use case takes from a per-network limit, and the bodies are a field or two (a JWT
// is at most 8 KiB).
constexpr RoutePolicy kSignInApi{.csrf = Csrf::kNoSession, .origin = Origin::kWidget, .rate_limit = RateLimit::kSignIns,
                                 .body = B::kJson, .body_limit = kSignInBodyLimit,
                                 .public_because = "signing in: there is no session yet; the email, code or token is the proof"};
constexpr RoutePolicy kSignInForm{.csrf = Csrf::kNoSession, .rate_limit = RateLimit::kSignIns, .body = B::kForm,
                                  .refusal = Refusal::kPage, .body_limit = kSmallBodyLimit,
                                  .public_because = "signing in: there is no session yet; the email or the link's token is the proof"};
constexpr RoutePolicy kSignInPage{.rate_limit = RateLimit::kSignIns, .refusal = Refusal::kPage};
// A signed-in reader's own account: the session (cookie with its CSRF token, or a bearer token).
constexpr RoutePolicy kOwnRead{.caller = C::kSession, .origin = Origin::kWidget};
constexpr RoutePolicy kOwnChange{.caller = C::kSession, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .body = B::kJson};
constexpr RoutePolicy kOwnPage{.caller = C::kSession, .refusal = Refusal::kPage};
constexpr RoutePolicy kOwnForm{.caller = C::kSession, .csrf = Csrf::kSessionToken, .body = B::kForm, .refusal = Refusal::kPage,
                               .body_limit = kSmallBodyLimit};

// --- Adapters from the handlers' own signatures ---------------------------------------------------

template <Response (*Fn)(Services&, Request&, const Identity&)>
Response on(Site& site, Request& req, const Identity& who) {
    return Fn(site.services, req, who);
}

template <std::optional<Response> (*Fn)(Services&, Request&)>
std::optional<Response> fast(Site& site, Request& req) {
    return Fn(site.services, req);
}

template <Response (*Fn)(Site&, Request&, const Identity&)>
Response on_site(Site& site, Request& req, const Identity& who) {
    return Fn(site, req, who);
}

// A route whose fast path always answers: the worker-pool handler is only a fallback.
template <std::optional<Response> (*Fn)(Site&, Request&)>
Response whole(Site& site, Request& req, const Identity&) {
    return *Fn(site, req);
}

namespace aa = articles_api;
namespace rv = revisions_api;
namespace cv = coverage_api;
namespace ca = comments_api;
namespace ma = moderation_api;
namespace sa = session_api;
namespace la = live_api;
namespace rp = pages;
namespace dp = desk::pages;
namespace da = desk::admin;
namespace ia = import_api;
namespace wa = webhooks_api;
namespace st = static_assets;
namespace fd = feeds;
namespace ml = mail_links;
namespace si = sign_in_api;
namespace ap = account_pages;

// clang-format off
const std::array kRoutes{
    // Health and metrics.
    RouteSpec{kGet, "/healthz", kOpen, on<ca::healthz>},
    RouteSpec{kGet, "/readyz", kOpen, on<ca::readyz>},
    RouteSpec{kGet, "/metrics", {.caller = C::kScraper, .rate_limit = RateLimit::kBadBearers}, metrics_api::metrics},

    // Comments (docs/openapi.yaml). The first page of a thread is answered from the cache on
    // the I/O thread when the request carries no credentials.
    RouteSpec{kGet, "/api/v1/comments", kApiRead, on<ca::list_comments>, fast<ca::list_comments_fast>},
    RouteSpec{kPost, "/api/v1/comments",
              {.caller = C::kAnyone, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .rate_limit = RateLimit::kPosts, .body = B::kJson,
               .public_because = "readers comment without an account; a token or session makes them its author"},
              on<ca::create_comment>},
    RouteSpec{kGet, "/api/v1/comments/{id}", kApiRead, on<ca::get_comment>},
    RouteSpec{kPatch, "/api/v1/comments/{id}",
              {.caller = C::kAnyone, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .body = B::kJson,
               .public_because = "its author (token or session) or staff: the use case decides, 401 without credentials"},
              on<ca::patch_comment>},
    RouteSpec{kDelete, "/api/v1/comments/{id}",
              {.caller = C::kAnyone, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget,
               .public_because = "its author (token or session) or staff: the use case decides, 401 without credentials"},
              on<ca::remove_comment>},
    RouteSpec{kGet, "/api/v1/comments/{id}/replies", kApiRead, on<ca::list_replies>},
    RouteSpec{kGet, "/api/v1/comments/{id}/history", kStaffRead, on<ca::edit_history>},
    RouteSpec{kPost, "/api/v1/comments/{id}/moderation", kStaffChange, on<ca::moderate>},
    RouteSpec{kGet, "/api/v1/counts", kOpenApi, on<ca::counts>},

    // Articles (docs/openapi.yaml). Anyone reads published ones; editors see every status and
    // write any; authors write their own drafts. Bodies are bounded by max_body_bytes like every other.
    RouteSpec{kGet, "/api/v1/articles", kApiRead, on<aa::list>, fast<aa::list_fast>},
    RouteSpec{kGet, "/api/v1/articles/{slug}", kApiRead, on<aa::get>},
    RouteSpec{kPost, "/api/v1/articles", kWriterChange, on<aa::create>},
    RouteSpec{kPatch, "/api/v1/articles/{slug}", kWriterChange, on<aa::update>},
    // A private link to an unpublished article's page: its writers make one (audited).
    RouteSpec{kPost, "/api/v1/articles/{slug}/preview-link", kWriterChange, on<aa::preview_link>},
    // An article's saved versions: editors list, read and restore them (a restore is a new version).
    RouteSpec{kGet, "/api/v1/articles/{slug}/revisions", kEditorRead, on<rv::list>},
    RouteSpec{kGet, "/api/v1/articles/{slug}/revisions/{number}", kEditorRead, on<rv::one>},
    RouteSpec{kPost, "/api/v1/articles/{slug}/revisions/{number}/restore", kEditorChange, on<rv::restore>},
    // Review requests: an author hands their draft to the editors (the use case checks the byline).
    RouteSpec{kGet, "/api/v1/articles/{slug}/review", {.caller = C::kWriter, .origin = Origin::kWidget},
              on<review_api::get>},
    RouteSpec{kPost, "/api/v1/articles/{slug}/review", kWriterChange, on<review_api::submit>},
    // Live coverage and corrections: editors write, anyone who may read the article reads.
    RouteSpec{kPost, "/api/v1/articles/{slug}/live", kEditorChange, on<cv::set_live>},
    RouteSpec{kPost, "/api/v1/articles/{slug}/corrections", kEditorChange, on<cv::add_correction>},
    RouteSpec{kGet, "/api/v1/articles/{slug}/updates", kApiRead, on<cv::list_updates>},
    RouteSpec{kPost, "/api/v1/articles/{slug}/updates", kEditorChange, on<cv::post_update>},
    RouteSpec{kPatch, "/api/v1/articles/{slug}/updates/{id}", kEditorChange, on<cv::edit_update>},
    RouteSpec{kDelete, "/api/v1/articles/{slug}/updates/{id}",
              {.caller = C::kEditor, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget}, on<cv::delete_update>},
    // Author profiles: public; editors see which account each is linked to, and change them.
    RouteSpec{kGet, "/api/v1/authors", kApiRead, on<aa::authors>},
    RouteSpec{kGet, "/api/v1/authors/{slug}", kApiRead, on<aa::author>},
    RouteSpec{kPatch, "/api/v1/authors/{slug}", kEditorChange, on<aa::update_author>},
    // Media uploads: a raw body of any of the media types (sniffed), the only route whose
    // body may exceed max_body_bytes (media_max_bytes; the server reads few at once).
    RouteSpec{kPost, "/api/v1/media",
              {.caller = C::kWriter, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .body = B::kMedia,
               .body_limit = kLargeBodyLimit},
              on_site<media_api::upload>},

    // What SSE clients say over plain requests: they name a live connection they hold.
    RouteSpec{kPost, "/api/v1/live/typing",
              {.csrf = Csrf::kNoSession, .origin = Origin::kWidget,
               .public_because = "names a live connection of the caller's; only the hub's typing state changes"},
              whole<la::typing>, la::typing},
    RouteSpec{kPost, "/api/v1/live/auth",
              {.csrf = Csrf::kNoSession, .origin = Origin::kWidget, .rate_limit = RateLimit::kLiveAuth, .body = B::kJson,
               .public_because = "proves an author token on a live connection of the caller's"},
              whole<la::auth>, la::auth},

    // Reader pages and their forms (POST-redirect-GET).
    RouteSpec{kGet, "/", {.refusal = Refusal::kPage}, on<rp::home_page>, fast<rp::list_page_fast>},
    RouteSpec{kGet, "/sections/{slug}", {.refusal = Refusal::kPage}, on<rp::section_page>, fast<rp::list_page_fast>},
    RouteSpec{kGet, "/tags/{slug}", {.refusal = Refusal::kPage}, on<rp::tag_page>, fast<rp::list_page_fast>},
    RouteSpec{kGet, "/authors/{slug}", {.refusal = Refusal::kPage}, on<rp::author_page>, fast<rp::list_page_fast>},
    RouteSpec{kGet, "/articles/{slug}", kReaderPage, on<rp::article_page>, fast<rp::article_page_fast>},
    // The signature in the query is the credential (service/preview_links.hpp); the caller is
    // looked up only for the page's forms, which a preview does not show.
    RouteSpec{kGet, "/preview/{slug}", kReaderPage, on<rp::preview_page>},
    RouteSpec{kPost, "/articles/{slug}/comments",
              {.caller = C::kAnyone, .csrf = Csrf::kSessionToken, .rate_limit = RateLimit::kPosts, .body = B::kForm, .refusal = Refusal::kPage,
               .public_because = "readers comment without an account (the page's form)"},
              on<rp::post_comment_form>},
    RouteSpec{kGet, "/articles/{slug}/comments/{id}", kReaderPage, on<rp::replies_page>},
    RouteSpec{kPost, "/articles/{slug}/comments/{id}/report",
              {.caller = C::kAnyone, .csrf = Csrf::kSessionToken, .rate_limit = RateLimit::kReports, .body = B::kForm, .refusal = Refusal::kPage,
               .public_because = "any reader may report a comment (the page's form)"},
              on<rp::report_form>},
    // Search: published articles only, the same answer for everyone (nobody is looked up).
    RouteSpec{kGet, "/search", {.refusal = Refusal::kPage}, on<search_page::search>, fast<search_page::search_fast>},
    RouteSpec{kPost, "/name",
              {.csrf = Csrf::kNoSession, .body = B::kForm, .refusal = Refusal::kPage,
               .public_because = "sets the reader's own display-name cookie; nothing stored changes"},
              on<rp::set_name_form>},

    // The links in reader mail (handlers/mail_links.cpp): the signed token is the proof, so anyone
    // holding the link may use it, from any origin (a mail client's one-click unsubscribe posts
    // from its own servers). A GET only asks; each bad link takes a token from a per-network limit.
    RouteSpec{kGet, "/notifications/confirm", kMailLinkPage, on<ml::confirm_get>},
    RouteSpec{kPost, "/notifications/confirm", kMailLinkPost, on<ml::confirm_post>},
    RouteSpec{kGet, "/notifications/unsubscribe", kMailLinkPage, on<ml::unsubscribe_get>},
    RouteSpec{kPost, "/notifications/unsubscribe", kMailLinkPost, on<ml::unsubscribe_post>},

    // Feeds, sitemaps and robots.txt (handlers/feeds.cpp): the same for everyone, no body;
    // slugs are checked before any lookup. A discussion's feed is answered from the cache on
    // the I/O thread when it is there (it holds approved comments only, for every caller).
    RouteSpec{kGet, "/feed.rss", kOpen, on<fd::site_rss>},
    RouteSpec{kGet, "/feed.atom", kOpen, on<fd::site_atom>},
    RouteSpec{kGet, "/sections/{slug}/feed.rss", kOpen, on<fd::section_rss>},
    RouteSpec{kGet, "/sections/{slug}/feed.atom", kOpen, on<fd::section_atom>},
    RouteSpec{kGet, "/authors/{slug}/feed.rss", kOpen, on<fd::author_rss>},
    RouteSpec{kGet, "/authors/{slug}/feed.atom", kOpen, on<fd::author_atom>},
    RouteSpec{kGet, "/tags/{slug}/feed.rss", kOpen, on<fd::tag_rss>},
    RouteSpec{kGet, "/tags/{slug}/feed.atom", kOpen, on<fd::tag_atom>},
    RouteSpec{kGet, "/articles/{slug}/comments.atom", kOpen, on<fd::comments_atom>, fast<fd::comments_atom_fast>},
    RouteSpec{kGet, "/articles/{slug}/updates.atom", kOpen, on<cv::updates_atom>},
    RouteSpec{kGet, "/sitemap.xml", kOpen, on<fd::sitemap>},
    RouteSpec{kGet, "/sitemaps/{file}", kOpen, on<fd::sitemap_file>},
    RouteSpec{kGet, "/sitemap-news.xml", kOpen, on<fd::news_sitemap>},
    RouteSpec{kGet, "/robots.txt", kOpen, on<fd::robots>},

    // Sessions.
    RouteSpec{kPost, "/api/v1/session",
              {.csrf = Csrf::kNoSession, .origin = Origin::kWidget, .rate_limit = RateLimit::kLogins, .body = B::kJson,
               .public_because = "logging in: there is no session yet"},
              on<sa::log_in_api>},
    RouteSpec{kDelete, "/api/v1/session",
              {.caller = C::kAnyone, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget,
               .public_because = "logging out ends only the caller's own session"},
              on<sa::log_out_api>},
    RouteSpec{kGet, "/api/v1/session", {.caller = C::kSession, .origin = Origin::kWidget}, on<sa::whoami>},

    // Readers signing in (handlers/sign_in_api.cpp): by a mailed link, the widget's hand-off code,
    // or the newsroom's SSO token; and their own account. Answers hold session tokens: never cached.
    RouteSpec{kGet, "/api/v1/sign-in/options", kOpenApi, on<si::options>},
    RouteSpec{kPost, "/api/v1/login-links", kSignInApi, on<si::request_link>},
    RouteSpec{kPost, "/api/v1/sign-in/handoff", kSignInApi, on<si::handoff>},
    RouteSpec{kPost, "/api/v1/sso", kSignInApi, on<si::sso>},
    RouteSpec{kGet, "/api/v1/me", kOwnRead, on<si::me>},
    RouteSpec{kPatch, "/api/v1/me", kOwnChange, on<si::rename>},
    RouteSpec{kDelete, "/api/v1/me", {.caller = C::kSession, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget}, on<si::remove>},
    RouteSpec{kGet, "/api/v1/me/comments", kOwnRead, on<si::comments>},
    RouteSpec{kPost, "/api/v1/me/claims", kOwnChange, on<si::claim>},
    RouteSpec{kGet, "/api/v1/me/data", kOwnRead, on<si::data>},

    // A reader's pages (handlers/account_pages.cpp): /account shows the sign-in choices to anyone
    // and the account to its owner; the link in the sign-in mail asks first (a GET changes
    // nothing), then signs in on the button; OpenID trips start and end here.
    RouteSpec{kGet, "/account", kReaderPage, on<ap::account_get>},
    RouteSpec{kPost, "/account/sign-in-link", kSignInForm, on<ap::sign_in_link_post>},
    RouteSpec{kGet, "/account/sign-in", {.refusal = Refusal::kPage}, on<ap::sign_in_get>},
    RouteSpec{kPost, "/account/sign-in", kSignInForm, on<ap::sign_in_post>},
    RouteSpec{kPost, "/account/name", kOwnForm, on<ap::name_post>},
    RouteSpec{kPost, "/account/mail", kOwnForm, on<ap::mail_post>},
    RouteSpec{kPost, "/account/delete", kOwnForm, on<ap::delete_post>},
    RouteSpec{kPost, "/account/sign-out", kOwnForm, on<ap::sign_out_post>},
    RouteSpec{kGet, "/account/data", kOwnPage, on<ap::data_get>},
    RouteSpec{kGet, "/auth/oidc/{name}", kSignInPage, on<ap::oidc_start>},
    RouteSpec{kGet, "/auth/oidc/{name}/callback", kSignInPage, on<ap::oidc_callback>},

    // The desk's JSON API.
    RouteSpec{kGet, "/api/v1/moderation/queue", kStaffRead, on<ma::queue>},
    RouteSpec{kGet, "/api/v1/moderation/comments/{id}", kStaffRead, on<ma::item>},
    RouteSpec{kPost, "/api/v1/moderation/bulk", kStaffChange, on<ma::bulk>},
    RouteSpec{kPost, "/api/v1/comments/{id}/reports",
              {.caller = C::kAnyone, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .rate_limit = RateLimit::kReports, .body = B::kJson,
               .public_because = "any reader may report a comment"},
              on<ma::report>},
    RouteSpec{kPost, "/api/v1/comments/{id}/ban", kStaffChange, on<ma::ban>},
    RouteSpec{kGet, "/api/v1/bans", kStaffRead, on<ma::bans>},
    RouteSpec{kDelete, "/api/v1/bans/{id}", {.caller = C::kStaff, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget}, on<ma::lift>},
    RouteSpec{kGet, "/api/v1/audit", kAdminRead, on<ma::audit>},
    RouteSpec{kGet, "/api/v1/policy", kStaffRead, on<ma::get_policy>},
    RouteSpec{kPut, "/api/v1/policy", kAdminChange, on<ma::put_policy>},
    // Anyone may ask whether a thread is open (the widget shows it); the overrides are for staff.
    RouteSpec{kGet, "/api/v1/policy/thread", kApiRead, on<ma::get_thread_policy>},
    RouteSpec{kPut, "/api/v1/policy/thread", kStaffChange, on<ma::put_thread_policy>},
    RouteSpec{kGet, "/api/v1/users", kAdminRead, on<ma::users>},
    RouteSpec{kPost, "/api/v1/users", kAdminChange, on<ma::add_user>},
    RouteSpec{kPatch, "/api/v1/users/{id}", kAdminChange, on<ma::change_user>},
    RouteSpec{kGet, "/api/v1/privacy/export", kAdminRead, on<ma::privacy_export>},
    RouteSpec{kPost, "/api/v1/privacy/erase", {.caller = C::kAdmin, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget}, on<ma::privacy_erase>},
    // The desk's import (handlers/import_api.cpp): an admin declares the file, uploads it in
    // chunks of raw bytes (each within max_body_bytes), starts it, polls it and may cancel it on this node.
    RouteSpec{kPost, "/api/v1/imports", kAdminChange, on_site<ia::create>},
    RouteSpec{kPut, "/api/v1/imports/{id}/chunks/{n}",
              {.caller = C::kAdmin, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget, .body = B::kChunk},
              on_site<ia::chunk>},
    RouteSpec{kPost, "/api/v1/imports/{id}/start", {.caller = C::kAdmin, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget},
              on_site<ia::start>},
    RouteSpec{kGet, "/api/v1/imports/{id}", kAdminRead, on_site<ia::status>},
    // Cancels an upload, or stops a running import at its next item (what it stored stays).
    RouteSpec{kDelete, "/api/v1/imports/{id}", {.caller = C::kAdmin, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget},
              on_site<ia::cancel>},
    RouteSpec{kGet, "/api/v1/imports/{id}/report", kAdminRead, on_site<ia::report>},
    // Webhooks (handlers/webhooks_api.cpp): admins add endpoints, read each one's delivery log,
    // send a test event; the outbox's messages, and a dead one sent again. Answers hold secrets:
    // admins only, never cached. Adding an endpoint resolves its host (a blocking lookup, on the pool).
    RouteSpec{kPost, "/api/v1/webhooks", kAdminChange, on<wa::create>},
    RouteSpec{kGet, "/api/v1/webhooks", kAdminRead, on<wa::list>},
    RouteSpec{kGet, "/api/v1/webhooks/{id}", kAdminRead, on<wa::get>},
    RouteSpec{kPatch, "/api/v1/webhooks/{id}", kAdminChange, on<wa::change>},
    RouteSpec{kDelete, "/api/v1/webhooks/{id}", {.caller = C::kAdmin, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget},
              on<wa::remove>},
    RouteSpec{kPost, "/api/v1/webhooks/{id}/test", {.caller = C::kAdmin, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget},
              on<wa::test>},
    RouteSpec{kGet, "/api/v1/webhooks/{id}/deliveries", kAdminRead, on<wa::deliveries>},
    // How the caller (staff with an account) hears of moderation work (handlers/desk_notifications.cpp).
    RouteSpec{kGet, "/api/v1/me/notifications", kStaffRead, on<notifications_api::get_mine>},
    RouteSpec{kPut, "/api/v1/me/notifications", kStaffChange, on<notifications_api::put_mine>},
    RouteSpec{kGet, "/api/v1/outbox", kAdminRead, on<wa::outbox>},
    RouteSpec{kPost, "/api/v1/outbox/{id}/retry", {.caller = C::kAdmin, .csrf = Csrf::kSessionToken, .origin = Origin::kWidget},
              on<wa::retry>},

    // The desk's pages under /admin.
    RouteSpec{kGet, "/admin/login", {.refusal = Refusal::kDesk}, on<dp::login_page>},
    RouteSpec{kPost, "/admin/login",
              {.csrf = Csrf::kNoSession, .rate_limit = RateLimit::kLogins, .body = B::kForm, .refusal = Refusal::kDesk,
               .public_because = "logging in: there is no session yet (same-site forms only)"},
              on<dp::login_post>},
    RouteSpec{kPost, "/admin/logout",
              {.caller = C::kAnyone, .csrf = Csrf::kSessionToken, .body = B::kForm, .refusal = Refusal::kDesk,
               .public_because = "logging out ends only the caller's own session"},
              on<dp::logout_post>},
    RouteSpec{kGet, "/admin", kDeskPage, on<dp::queue_get>},
    RouteSpec{kGet, "/admin/notifications", kDeskPage, on<desk::notifications::page_get>},
    RouteSpec{kPost, "/admin/notifications", kDeskForm, on<desk::notifications::save_post>},
    RouteSpec{kGet, "/admin/comments/{id}", kDeskPage, on<dp::item_get>},
    RouteSpec{kPost, "/admin/comments/{id}/moderate", kDeskForm, on<dp::moderate_post>},
    RouteSpec{kPost, "/admin/comments/{id}/ban", kDeskForm, on<dp::ban_post>},
    RouteSpec{kPost, "/admin/bulk", kDeskForm, on<dp::bulk_post>},
    // The newsroom's articles ("new" before the slug: the first match wins).
    RouteSpec{kGet, "/admin/articles", kWriterDeskPage, on<desk::articles::list_get>},
    RouteSpec{kGet, "/admin/articles/new", kWriterDeskPage, on<desk::articles::new_get>},
    RouteSpec{kPost, "/admin/articles", kWriterDeskForm, on<desk::articles::create_post>},
    RouteSpec{kGet, "/admin/articles/{slug}", kWriterDeskPage, on<desk::articles::edit_get>},
    RouteSpec{kPost, "/admin/articles/{slug}", kWriterDeskForm, on<desk::articles::save_post>},
    // The editor's preview: the form as readers will see it, shown in the editor's frame (not saved).
    RouteSpec{kPost, "/admin/preview", kWriterDeskForm, on<desk::articles::preview_post>},
    // A draft handed to the editors or taken back (the use case checks the byline).
    RouteSpec{kPost, "/admin/articles/{slug}/review", kWriterDeskForm, on<desk::articles::review_post>},
    RouteSpec{kGet, "/admin/articles/{slug}/history", kEditorDeskPage, on<desk::articles::history_get>},
    RouteSpec{kGet, "/admin/articles/{slug}/history/{number}", kEditorDeskPage, on<desk::articles::version_get>},
    RouteSpec{kPost, "/admin/articles/{slug}/history/{number}/restore", kEditorDeskForm, on<desk::articles::restore_post>},
    // An article's live coverage (handlers/desk_coverage.cpp): editors only.
    RouteSpec{kGet, "/admin/articles/{slug}/live", kEditorDeskPage, on<desk::coverage::page_get>},
    RouteSpec{kPost, "/admin/articles/{slug}/live", kEditorDeskForm, on<desk::coverage::live_post>},
    RouteSpec{kPost, "/admin/articles/{slug}/live/updates", kEditorDeskForm, on<desk::coverage::post_update_post>},
    RouteSpec{kPost, "/admin/articles/{slug}/live/updates/{id}", kEditorDeskForm, on<desk::coverage::edit_update_post>},
    RouteSpec{kPost, "/admin/articles/{slug}/live/updates/{id}/pin", kEditorDeskForm, on<desk::coverage::pin_update_post>},
    RouteSpec{kPost, "/admin/articles/{slug}/live/updates/{id}/delete", kEditorDeskForm, on<desk::coverage::delete_update_post>},
    RouteSpec{kGet, "/admin/bans", kDeskPage, on<da::bans_get>},
    RouteSpec{kPost, "/admin/bans/{id}/lift", kDeskForm, on<da::lift_post>},
    RouteSpec{kGet, "/admin/audit", kDeskPage, on<da::audit_get>},
    // Webhooks and dead letters (admins: the use cases refuse moderators inside the desk's frame).
    RouteSpec{kGet, "/admin/webhooks", kDeskPage, on<desk::webhooks::list_get>},
    RouteSpec{kPost, "/admin/webhooks", kDeskForm, on<desk::webhooks::create_post>},
    RouteSpec{kGet, "/admin/webhooks/{id}", kDeskPage, on<desk::webhooks::one_get>},
    RouteSpec{kPost, "/admin/webhooks/{id}/test", kDeskForm, on<desk::webhooks::test_post>},
    RouteSpec{kPost, "/admin/webhooks/{id}/enable", kDeskForm, on<desk::webhooks::enable_post>},
    RouteSpec{kPost, "/admin/webhooks/{id}/disable", kDeskForm, on<desk::webhooks::disable_post>},
    RouteSpec{kPost, "/admin/webhooks/{id}/delete", kDeskForm, on<desk::webhooks::delete_post>},
    RouteSpec{kPost, "/admin/outbox/{id}/retry", kDeskForm, on<desk::webhooks::retry_post>},
    RouteSpec{kGet, "/admin/users", kDeskPage, on<da::users_get>},
    RouteSpec{kPost, "/admin/users", kDeskForm, on<da::create_user_post>},
    RouteSpec{kPost, "/admin/users/{id}", kDeskForm, on<da::update_user_post>},
    RouteSpec{kGet, "/admin/policies", kDeskPage, on<da::policies_get>},
    RouteSpec{kPost, "/admin/policies", kDeskForm, on<da::install_policy_post>},
    RouteSpec{kPost, "/admin/policies/thread", kDeskForm, on<da::thread_policy_post>},
    RouteSpec{kGet, "/admin/privacy", kDeskPage, on<da::privacy_get>},
    RouteSpec{kGet, "/admin/privacy/export", kDeskPage, on<da::export_get>},
    RouteSpec{kPost, "/admin/privacy/erase", kDeskForm, on<da::erase_post>},
    // The import page (admins); its script uses /api/v1/imports.
    RouteSpec{kGet, "/admin/import", {.caller = C::kAdmin, .refusal = Refusal::kDesk}, on_site<ia::page>},

    // Static files, compressed once at start, answered on the I/O thread.
    RouteSpec{kGet, "/static/{file}", kOpen, whole<st::serve>, st::serve},
    // The media library: the demo's files from memory, uploads from the store (or this node's
    // disk cache) on the worker pool. The name is checked before any lookup.
    RouteSpec{kGet, "/media/{file}", kOpen, on_site<media_api::serve>, st::serve_known},
    RouteSpec{kGet, "/embed.js", kOpen, whole<st::serve>, st::serve},
};
// clang-format on

}  // namespace

std::span<const RouteSpec> route_table() { return kRoutes; }

void add_routes(Router& router, Site& site) {
    for (const RouteSpec& spec : kRoutes) {
        Handler handler;
        if (spec.policy.caller == Caller::kPublic) {
            static const Identity nobody;  // a public route's handler asks nobody
            handler = [&site, run = spec.handler](Request& req) { return run(site, req, nobody); };
        } else {
            handler = [&site, &spec](Request& req) {
                // A large body's caller was admitted on the headers, before the body was read
                // (check_headers below): one check per request, not a second after the body.
                if (req.admitted && spec.policy.body_limit == kLargeBodyLimit)
                    return spec.handler(site, req, *req.admitted);
                Admission a = admit(site.services, req, spec.policy);
                if (a.refusal) return std::move(*a.refusal);
                return spec.handler(site, req, a.who);
            };
        }
        FastPath fast_path;
        if (spec.fast) fast_path = [&site, run = spec.fast](Request& req) { return run(site, req); };
        // A large body is read only for a caller the route admits: an anonymous client must not
        // hold an upload slot (and its memory) with a body it may not send.
        HeaderCheck check_headers;
        if (spec.policy.body_limit == kLargeBodyLimit)
            check_headers = [&site, &spec](const Request& req) {
                Admission a = admit(site.services, req, spec.policy);
                if (a.refusal) return HeaderVerdict{std::move(a.refusal), nullptr};
                return HeaderVerdict{std::nullopt, std::make_shared<const Identity>(std::move(a.who))};
            };
        router.add(spec.method, spec.pattern, std::move(handler), std::move(fast_path), spec.policy.body_limit,
                   std::move(check_headers));
    }
}

}  // namespace tribune::http
