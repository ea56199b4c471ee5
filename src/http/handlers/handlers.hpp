#pragma once
// Every route's handler, for the route table (http/route_table.cpp) to name. A handler runs after
// the route's guard (http/route_guard.cpp) and gets the caller it checked; a fast path runs on the
// I/O thread before any guard and may only answer what needs no caller (or decline).
// Internal to src/http.

#include <memory>
#include <optional>

#include "domain/article.hpp"
#include "http/identity.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/services.hpp"

namespace tribune::live {
class Hub;
}

namespace tribune::http {

struct MetricsSources;
struct ServedAssets;
class MediaCache;
class ImportJobs;

/// What the handlers that need more than the services reach: the hub (live), the metrics
/// sources (/metrics; null: it answers 404) and the static assets. Outlives the router.
struct Site {
    Services& services;
    live::Hub& hub;
    const MetricsSources* metrics = nullptr;
    std::shared_ptr<const ServedAssets> assets;
    MediaCache* media_cache = nullptr;  // where PostgreSQL media is served from (null: 503)
    ImportJobs* imports = nullptr;      // the desk's import on this node (null: 503)
};

/// The assets compiled into the binary, with their gzip and Brotli forms made once (`compress`).
std::shared_ptr<const ServedAssets> serve_assets(bool compress);

namespace import_api {  // handlers/import_api.cpp: the desk's import (admins)
Response create(Site& site, Request& req, const Identity& who);
Response chunk(Site& site, Request& req, const Identity& who);
Response start(Site& site, Request& req, const Identity& who);
Response cancel(Site& site, Request& req, const Identity& who);
Response status(Site& site, Request& req, const Identity& who);
Response report(Site& site, Request& req, const Identity& who);
Response page(Site& site, Request& req, const Identity& who);
}  // namespace import_api

namespace comments_api {  // handlers/comments_api.cpp
Response list_comments(Services& s, Request& req, const Identity& who);
std::optional<Response> list_comments_fast(Services& s, Request& req);
Response create_comment(Services& s, Request& req, const Identity& who);
Response get_comment(Services& s, Request& req, const Identity& who);
Response patch_comment(Services& s, Request& req, const Identity& who);
Response remove_comment(Services& s, Request& req, const Identity& who);
Response list_replies(Services& s, Request& req, const Identity& who);
Response edit_history(Services& s, Request& req, const Identity& who);
Response moderate(Services& s, Request& req, const Identity& who);
Response counts(Services& s, Request& req, const Identity& who);
Response healthz(Services& s, Request& req, const Identity& who);
Response readyz(Services& s, Request& req, const Identity& who);
}  // namespace comments_api

namespace articles_api {  // handlers/articles_api.cpp
Response list(Services& s, Request& req, const Identity& who);
/// A kept search answer (?q=, the same for everyone), on the I/O thread.
std::optional<Response> list_fast(Services& s, Request& req);
Response get(Services& s, Request& req, const Identity& who);
Response create(Services& s, Request& req, const Identity& who);
Response update(Services& s, Request& req, const Identity& who);
Response authors(Services& s, Request& req, const Identity& who);
Response author(Services& s, Request& req, const Identity& who);
Response update_author(Services& s, Request& req, const Identity& who);
Response preview_link(Services& s, Request& req, const Identity& who);
/// One ARTICLE answer (with body_html and its discussion's count), for every route that
/// answers with the article it changed.
Response article_answer(Services& s, const domain::Article& a, int status);
}  // namespace articles_api

namespace revisions_api {  // handlers/revisions_api.cpp: an article's saved versions (editors)
Response list(Services& s, Request& req, const Identity& who);
Response one(Services& s, Request& req, const Identity& who);
Response restore(Services& s, Request& req, const Identity& who);
}  // namespace revisions_api

namespace review_api {  // handlers/review_api.cpp: review requests (submit for review)
Response submit(Services& s, Request& req, const Identity& who);
Response get(Services& s, Request& req, const Identity& who);
}  // namespace review_api

namespace coverage_api {  // handlers/coverage_api.cpp: live coverage and corrections
Response set_live(Services& s, Request& req, const Identity& who);
Response add_correction(Services& s, Request& req, const Identity& who);
Response list_updates(Services& s, Request& req, const Identity& who);
Response post_update(Services& s, Request& req, const Identity& who);
Response edit_update(Services& s, Request& req, const Identity& who);
Response delete_update(Services& s, Request& req, const Identity& who);
Response updates_atom(Services& s, Request& req, const Identity& who);
}  // namespace coverage_api

namespace feeds {  // handlers/feeds.cpp: feeds, sitemaps, robots.txt; open to anyone, no body
Response site_rss(Services& s, Request& req, const Identity& who);
Response site_atom(Services& s, Request& req, const Identity& who);
Response section_rss(Services& s, Request& req, const Identity& who);
Response section_atom(Services& s, Request& req, const Identity& who);
Response author_rss(Services& s, Request& req, const Identity& who);
Response author_atom(Services& s, Request& req, const Identity& who);
Response tag_rss(Services& s, Request& req, const Identity& who);
Response tag_atom(Services& s, Request& req, const Identity& who);
Response comments_atom(Services& s, Request& req, const Identity& who);
std::optional<Response> comments_atom_fast(Services& s, Request& req);
Response sitemap(Services& s, Request& req, const Identity& who);
Response sitemap_file(Services& s, Request& req, const Identity& who);
Response news_sitemap(Services& s, Request& req, const Identity& who);
Response robots(Services& s, Request& req, const Identity& who);
}  // namespace feeds

namespace moderation_api {  // handlers/moderation_api.cpp
Response queue(Services& s, Request& req, const Identity& who);
Response item(Services& s, Request& req, const Identity& who);
Response bulk(Services& s, Request& req, const Identity& who);
Response report(Services& s, Request& req, const Identity& who);
Response ban(Services& s, Request& req, const Identity& who);
Response bans(Services& s, Request& req, const Identity& who);
Response lift(Services& s, Request& req, const Identity& who);
Response audit(Services& s, Request& req, const Identity& who);
Response get_policy(Services& s, Request& req, const Identity& who);
Response put_policy(Services& s, Request& req, const Identity& who);
Response get_thread_policy(Services& s, Request& req, const Identity& who);
Response put_thread_policy(Services& s, Request& req, const Identity& who);
Response users(Services& s, Request& req, const Identity& who);
Response add_user(Services& s, Request& req, const Identity& who);
Response change_user(Services& s, Request& req, const Identity& who);
Response privacy_export(Services& s, Request& req, const Identity& who);
Response privacy_erase(Services& s, Request& req, const Identity& who);
}  // namespace moderation_api

namespace webhooks_api {  // handlers/webhooks_api.cpp: admins' webhook endpoints and the outbox
Response create(Services& s, Request& req, const Identity& who);
Response list(Services& s, Request& req, const Identity& who);
Response get(Services& s, Request& req, const Identity& who);
Response change(Services& s, Request& req, const Identity& who);
Response remove(Services& s, Request& req, const Identity& who);
Response test(Services& s, Request& req, const Identity& who);
Response deliveries(Services& s, Request& req, const Identity& who);
Response outbox(Services& s, Request& req, const Identity& who);
Response retry(Services& s, Request& req, const Identity& who);
}  // namespace webhooks_api

namespace desk::webhooks {  // handlers/desk_webhooks.cpp: the desk's webhooks and dead letters (admins)
Response list_get(Services& s, Request& req, const Identity& who);
Response one_get(Services& s, Request& req, const Identity& who);
Response create_post(Services& s, Request& req, const Identity& who);
Response test_post(Services& s, Request& req, const Identity& who);
Response enable_post(Services& s, Request& req, const Identity& who);
Response disable_post(Services& s, Request& req, const Identity& who);
Response delete_post(Services& s, Request& req, const Identity& who);
Response retry_post(Services& s, Request& req, const Identity& who);
}  // namespace desk::webhooks

namespace session_api {  // handlers/session_api.cpp
Response log_in_api(Services& s, Request& req, const Identity& who);
Response log_out_api(Services& s, Request& req, const Identity& who);
Response whoami(Services& s, Request& req, const Identity& who);
}  // namespace session_api

namespace live_api {  // handlers/live_api.cpp: the hub never blocks, so both answer on the I/O thread
std::optional<Response> typing(Site& site, Request& req);
std::optional<Response> auth(Site& site, Request& req);
}  // namespace live_api

namespace desk::articles {  // handlers/desk_articles.cpp: the newsroom's articles at the desk
Response list_get(Services& s, Request& req, const Identity& who);
Response new_get(Services& s, Request& req, const Identity& who);
Response edit_get(Services& s, Request& req, const Identity& who);
Response create_post(Services& s, Request& req, const Identity& who);
Response save_post(Services& s, Request& req, const Identity& who);
/// The article as the form would make it, as readers will see it (not saved).
Response preview_post(Services& s, Request& req, const Identity& who);
/// A draft submitted for review or withdrawn from it (submitted=1|0).
Response review_post(Services& s, Request& req, const Identity& who);
Response history_get(Services& s, Request& req, const Identity& who);
Response version_get(Services& s, Request& req, const Identity& who);
Response restore_post(Services& s, Request& req, const Identity& who);
}  // namespace desk::articles

namespace desk::coverage {  // handlers/desk_coverage.cpp: an article's live coverage at the desk (editors)
Response page_get(Services& s, Request& req, const Identity& who);
Response live_post(Services& s, Request& req, const Identity& who);
Response post_update_post(Services& s, Request& req, const Identity& who);
Response edit_update_post(Services& s, Request& req, const Identity& who);
Response pin_update_post(Services& s, Request& req, const Identity& who);
Response delete_update_post(Services& s, Request& req, const Identity& who);
}  // namespace desk::coverage

namespace pages {  // handlers/listing_pages.cpp: the lists of articles
Response home_page(Services& s, Request& req, const Identity& who);
Response section_page(Services& s, Request& req, const Identity& who);
Response tag_page(Services& s, Request& req, const Identity& who);
Response author_page(Services& s, Request& req, const Identity& who);
/// A cached first page of any of them.
std::optional<Response> list_page_fast(Services& s, Request& req);
}  // namespace pages

namespace pages {  // handlers/pages.cpp
Response article_page(Services& s, Request& req, const Identity& who);
std::optional<Response> article_page_fast(Services& s, Request& req);
Response preview_page(Services& s, Request& req, const Identity& who);
/// The reader's page of an article not yet saved as it is (the desk's preview): never cached,
/// never indexed, no comment forms.
Response draft_preview(Services& s, const Request& req, const Identity& who, const domain::Article& article);
Response post_comment_form(Services& s, Request& req, const Identity& who);
Response replies_page(Services& s, Request& req, const Identity& who);
Response report_form(Services& s, Request& req, const Identity& who);
Response set_name_form(Services& s, Request& req, const Identity& who);
/// The reader's error page for `e` (its status, title and message).
Response error_html(Services& s, const domain::Error& e);
}  // namespace pages

namespace notifications_api {  // handlers/desk_notifications.cpp: a staff member's own mail choice
Response get_mine(Services& s, Request& req, const Identity& who);
Response put_mine(Services& s, Request& req, const Identity& who);
}  // namespace notifications_api

namespace desk::notifications {  // handlers/desk_notifications.cpp: the same at the desk
Response page_get(Services& s, Request& req, const Identity& who);
Response save_post(Services& s, Request& req, const Identity& who);
}  // namespace desk::notifications

namespace mail_links {  // handlers/mail_links.cpp: the pages the links in reader mail open
Response confirm_get(Services& s, Request& req, const Identity& who);
Response confirm_post(Services& s, Request& req, const Identity& who);
Response unsubscribe_get(Services& s, Request& req, const Identity& who);
/// Also a mail client's one-click unsubscribe (RFC 8058): the token in the query, any body.
Response unsubscribe_post(Services& s, Request& req, const Identity& who);
}  // namespace mail_links

namespace sign_in_api {  // handlers/sign_in_api.cpp: reader sign-in and /api/v1/me
Response options(Services& s, Request& req, const Identity& who);
Response request_link(Services& s, Request& req, const Identity& who);
Response handoff(Services& s, Request& req, const Identity& who);
Response sso(Services& s, Request& req, const Identity& who);
Response me(Services& s, Request& req, const Identity& who);
Response rename(Services& s, Request& req, const Identity& who);
Response remove(Services& s, Request& req, const Identity& who);
Response comments(Services& s, Request& req, const Identity& who);
Response claim(Services& s, Request& req, const Identity& who);
Response data(Services& s, Request& req, const Identity& who);
}  // namespace sign_in_api

namespace account_pages {  // handlers/account_pages.cpp: /account and the sign-in pages
Response account_get(Services& s, Request& req, const Identity& who);
Response sign_in_link_post(Services& s, Request& req, const Identity& who);
Response sign_in_get(Services& s, Request& req, const Identity& who);
Response sign_in_post(Services& s, Request& req, const Identity& who);
Response name_post(Services& s, Request& req, const Identity& who);
Response mail_post(Services& s, Request& req, const Identity& who);
Response delete_post(Services& s, Request& req, const Identity& who);
Response sign_out_post(Services& s, Request& req, const Identity& who);
Response data_get(Services& s, Request& req, const Identity& who);
Response oidc_start(Services& s, Request& req, const Identity& who);
Response oidc_callback(Services& s, Request& req, const Identity& who);
}  // namespace account_pages

namespace search_page {  // handlers/search_page.cpp
Response search(Services& s, Request& req, const Identity& who);
/// A kept answer (the same for everyone), on the I/O thread.
std::optional<Response> search_fast(Services& s, Request& req);
}  // namespace search_page

namespace desk {
namespace pages {  // handlers/desk_pages.cpp
Response login_page(Services& s, Request& req, const Identity& who);
Response login_post(Services& s, Request& req, const Identity& who);
Response logout_post(Services& s, Request& req, const Identity& who);
Response queue_get(Services& s, Request& req, const Identity& who);
Response item_get(Services& s, Request& req, const Identity& who);
Response moderate_post(Services& s, Request& req, const Identity& who);
Response ban_post(Services& s, Request& req, const Identity& who);
Response bulk_post(Services& s, Request& req, const Identity& who);
}  // namespace pages
namespace admin {  // handlers/desk_admin_pages.cpp
Response bans_get(Services& s, Request& req, const Identity& who);
Response lift_post(Services& s, Request& req, const Identity& who);
Response audit_get(Services& s, Request& req, const Identity& who);
Response users_get(Services& s, Request& req, const Identity& who);
Response create_user_post(Services& s, Request& req, const Identity& who);
Response update_user_post(Services& s, Request& req, const Identity& who);
Response policies_get(Services& s, Request& req, const Identity& who);
Response install_policy_post(Services& s, Request& req, const Identity& who);
Response thread_policy_post(Services& s, Request& req, const Identity& who);
Response privacy_get(Services& s, Request& req, const Identity& who);
Response export_get(Services& s, Request& req, const Identity& who);
Response erase_post(Services& s, Request& req, const Identity& who);
}  // namespace admin

/// The desk's answer to a caller who is not staff: JSON 401 "Log in first" / 403 "Staff only";
/// anonymous HTML a 303 to /admin/login?next= (the form's `return` field for a POST, else the
/// request's target); a reader the 403 page. `form` is the POST's parsed form, if any.
Response refuse_caller(Services& s, const Request& req, const Identity& who, const QueryParams* form);
/// The desk's answer to a failed authentication (a CSRF refusal, the store away).
Response refuse_error(Services& s, const Request& req, const domain::Error& e);
}  // namespace desk

namespace metrics_api {  // handlers/metrics_api.cpp
/// Whether this caller may read the metrics; nullopt when it may (else 404, 403, 401 or 429).
std::optional<Response> refusal(Services& s, const Request& req);
Response metrics(Site& site, Request& req, const Identity& who);
}  // namespace metrics_api

namespace static_assets {  // handlers/static_assets.cpp: everything in memory, on the I/O thread
std::optional<Response> serve(Site& site, Request& req);
/// The demo's files under /media/ (declines any other path: the media library answers those).
std::optional<Response> serve_known(Site& site, Request& req);
}  // namespace static_assets

namespace media_api {  // handlers/media_api.cpp: the media library
Response upload(Site& site, Request& req, const Identity& who);
Response serve(Site& site, Request& req, const Identity& who);
}  // namespace media_api

}  // namespace tribune::http
