#pragma once
// What each page of the moderation desk (/admin) needs. Handlers (http/handlers/desk_pages.cpp)
// fill these from the moderation actions; render/ turns them into escaped HTML. Only domain types
// and plain strings: render does not know http or store types.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/line_diff.hpp"
#include "domain/moderation.hpp"
#include "domain/role.hpp"
#include "domain/time.hpp"
#include "render/views.hpp"

namespace tribune::render {

/// The staff member at the desk. `csrf_token` goes into every form and into
/// `<meta name="csrf-token">`; it may be empty (bearer-token automation has none).
struct DeskStaff {
    std::string name;
    domain::Role role = domain::Role::kModerator;
    std::string csrf_token;

    bool is_admin() const { return role == domain::Role::kAdmin; }
};

/// A message at the top of a desk page: the outcome of the last form, or why an action failed.
struct DeskNotice {
    bool ok = true;
    std::string message;  // plain text, escaped when shown
};

/// What every desk page shares: the frame around it.
enum class DeskSection { kQueue, kArticles, kBans, kAudit, kUsers, kPolicies, kPrivacy, kImport, kWebhooks, kNotifications, kNone };

struct DeskFrame {
    SiteInfo site;
    domain::Time now{};
    DeskStaff staff;
    DeskSection section = DeskSection::kNone;
    std::vector<DeskNotice> notices;
};

/// One comment as the desk shows it, with what a moderator needs to decide.
struct DeskItem {
    domain::Comment comment;
    std::optional<domain::Comment> parent;   // the comment it replies to, quoted for context
    std::optional<domain::Article> article;  // when the page is one of Tribune's articles
    domain::AuthorStats author;
    std::vector<domain::CommentEdit> edits;  // oldest first
    std::vector<domain::Report> reports;     // oldest first
};

/// One tab of the queue. `count` is shown when set ("Pending 4").
struct DeskTab {
    std::string queue;  // "pending", "reported", ...
    std::optional<std::int64_t> count;
};

/// GET /admin: one queue, optionally searched, one page of it.
struct DeskQueueView {
    DeskFrame frame;
    std::string queue = "pending";
    std::string text;    // search: comment text
    std::string author;  // search: author name
    std::string page;    // one thread only ("/articles/x"); empty: all
    std::vector<DeskTab> tabs;
    std::vector<DeskItem> items;
    std::optional<domain::CommentId> next_after_id;  // "Next page" when set
    bool is_continuation = false;                    // showing a later page (after=...)
    std::string return_to;  // this page's URL, sent back by every form (`return` field)
};

/// GET /admin/comments/{id}: one item in full.
struct DeskItemView {
    DeskFrame frame;
    DeskItem item;
    std::string return_to;
};

/// GET /admin/login, and the same form again after a failure.
struct DeskLoginView {
    SiteInfo site;
    std::string email;  // what was typed, put back after a failure
    std::string next;   // where to go after logging in (a local /admin path)
    std::string error;  // empty: no failure to show
    std::string notice;  // e.g. "You have logged out."
};

/// GET /admin/bans.
struct DeskBansView {
    DeskFrame frame;
    std::vector<domain::Ban> bans;  // active ones
};

/// One webhook endpoint as the desk lists it.
struct DeskWebhookRow {
    std::string id;
    std::string url;
    std::vector<std::string> events;
    bool enabled = true;
    std::string disabled_reason;
    int failures = 0;
    domain::Time created_at{};
    std::string created_by;
};

/// One attempt in an endpoint's delivery log.
struct DeskDeliveryRow {
    int attempt = 1;
    domain::Time at{};
    std::string event;
    std::string webhook_id;
    int status_code = 0;  // 0: no answer
    std::string error;
    int duration_ms = 0;
};

/// One dead message: every attempt failed.
struct DeskDeadLetterRow {
    std::string id;
    std::string event;
    std::string endpoint_url;  // "" when not a webhook
    std::string subject;       // "comment 12 on /articles/x"
    int attempts = 0;
    std::string last_error;
    domain::Time created_at{};
};

/// GET /admin/webhooks (admins): the endpoints, the add form, the dead letters.
struct DeskWebhooksView {
    DeskFrame frame;
    std::vector<DeskWebhookRow> endpoints;
    std::vector<DeskDeadLetterRow> dead;
    std::vector<std::string> event_types;  // every event an endpoint may ask for
    std::string new_url;                   // the add form, filled in again after a failure
    std::vector<std::string> new_events;
};

/// GET /admin/webhooks/{id} (admins): one endpoint, its secret and its delivery log.
struct DeskWebhookView {
    DeskFrame frame;
    DeskWebhookRow endpoint;
    std::string secret;
    std::vector<DeskDeliveryRow> deliveries;  // newest first
};

/// GET /admin/audit (admins).
struct DeskAuditView {
    DeskFrame frame;
    std::vector<domain::AuditEntry> entries;       // newest first
    std::optional<std::int64_t> older_before_id;  // "Older" link when set
    bool is_continuation = false;                 // showing older entries (before=...): "Newest" link
    std::string target;                           // filter ("comment:12"); empty: all
};

/// GET /admin/users (admins; moderators see the list only).
struct DeskUsersView {
    DeskFrame frame;
    std::vector<domain::User> users;
    std::string new_email;  // the create form, filled in again after a failure
    std::string new_name;
    domain::Role new_role = domain::Role::kModerator;
};

/// GET /admin/articles: the newsroom's articles, every status (an author's own), newest change
/// first, with the filters of the form above them.
struct DeskArticlesView {
    DeskFrame frame;
    std::vector<domain::Article> articles;
    std::string status;   // "" all, a status name, or "review" (the review queue)
    std::string author;   // an author slug, "" any
    std::string section;  // a section slug, "" any
    std::string query;    // words the titles contain, "" any
    std::string next_cursor;  // "" on the last page
};

/// The article editor (GET /admin/articles/new, /admin/articles/{slug}): its fields as text, as
/// stored or as sent by a form that failed (then with `error`).
struct DeskArticleForm {
    std::string slug;  // the article's current slug ("" for a new one): where the form posts
    std::string title;
    std::string new_slug;
    std::string summary;
    std::string body_markdown;
    std::string authors;   // names, comma-separated
    std::string section;
    std::string tags;      // names, comma-separated
    std::string status = "draft";
    std::string published_at;  // "YYYY-MM-DDTHH:MM" in UTC ("" now)
    std::string media_url;
    std::string media_alt;
    std::string media_caption;
    std::string media_credit;
    std::string base_revision;
    std::string comments = "open";  // "open" or "closed"
    std::string moderation;         // a domain::ModerationMode name, "" the site's
    std::string comments_was;       // both as the form was loaded: only a change is saved
    std::string moderation_was;
};

struct DeskArticleEditView {
    DeskFrame frame;
    DeskArticleForm form;
    bool is_new = true;
    bool may_publish = false;  // an editor: every status; an author: drafts only
    bool may_set_comments = false;  // editors and moderators: the discussion's settings
    std::optional<domain::ReviewRequest> review;  // the draft waits for an editor (submitted for review)
    std::optional<domain::Article> stored;  // the article as saved (its path, revision, status)
    std::string error;                      // why the last save failed ("" none)
};

/// One saved version in an article's history.
struct DeskArticleVersion {
    std::int32_t number = 0;
    domain::Time saved_at{};
    std::string saved_by;
    domain::Article article;  // as it was saved
};

/// GET /admin/articles/{slug}/history: every saved version, newest first.
struct DeskArticleHistoryView {
    DeskFrame frame;
    domain::Article article;  // as it is now
    std::vector<DeskArticleVersion> versions;
};

/// GET /admin/articles/{slug}/history/{n}: one version against the current article.
struct DeskArticleVersionView {
    DeskFrame frame;
    domain::Article article;  // as it is now
    DeskArticleVersion version;
    std::optional<std::vector<domain::DiffLine>> body_diff;  // the body then -> now; nullopt: too long to compare
    std::string body_html;                                    // the body then, rendered (trusted markup)
};

/// The install-wide moderation policy as the policies form shows it.
struct DeskInstallPolicy {
    domain::ModerationMode moderation = domain::ModerationMode::kPreModerate;
    std::optional<int> auto_close_days;
    int report_threshold = 3;
    bool hide_reported = false;
    std::vector<std::string> banned_words;
    int max_links = 2;
    bool signin_required = false;
    bool signin_after_rejection = false;
};

/// GET /admin/policies: the install policy (editable by admins) and one thread's overrides.
struct DeskPoliciesView {
    DeskFrame frame;
    DeskInstallPolicy install;
    std::optional<domain::ThreadPolicy> thread;  // loaded for ?page=...; page "" shows a blank form
    std::string thread_page;                     // the page key asked for
};

/// GET /admin/notifications (every staff member, for themselves): how they hear of new work.
struct DeskNotificationsView {
    DeskFrame frame;
    std::string mode = "off";  // "off", "immediate" or "digest"
    int digest_minutes = 60;   // "digest": at most one mail this often (min..max)
    int min_minutes = 5;
    int max_minutes = 1440;
};

/// GET /admin/privacy (admins).
struct DeskPrivacyView {
    DeskFrame frame;
    std::string comment_id;  // the form, filled in again
    std::string user_id;
    std::string email;
};

/// GET /admin/import (admins): the import form; desk.js uploads, starts and follows the job.
struct DeskImportView {
    DeskFrame frame;
    std::vector<std::pair<std::string, std::string>> formats;  // (name, title)
    std::vector<std::string> without_page_keys;  // formats the page-key fields do not apply to (WordPress)
    std::uint64_t max_bytes = 0;       // the largest file (import_max_bytes)
    std::string current_id;            // this node's current or last import, followed on load
};

/// A desk error page (403 for a reader, 404 for an unknown comment...).
struct DeskErrorView {
    DeskFrame frame;
    int status = 500;
    std::string title;
    std::string message;
    std::string back_href = "/admin";  // a link to go on from here (a local path)
};

}  // namespace tribune::render
