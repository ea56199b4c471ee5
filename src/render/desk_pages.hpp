#pragma once
// The moderation desk's HTML: whole documents, and the one fragment desk.js fetches. Every string
// that came from a reader, a staff member or the database is escaped. Every form that changes
// something carries the hidden `csrf_token` field.

#include <optional>
#include <string>
#include <string_view>

#include "render/desk_views.hpp"

namespace tribune::render {

std::string desk_login_page(const DeskLoginView& v);
std::string desk_queue_page(const DeskQueueView& v);
std::string desk_item_page(const DeskItemView& v);
std::string desk_bans_page(const DeskBansView& v);
std::string desk_webhooks_page(const DeskWebhooksView& v);
std::string desk_webhook_page(const DeskWebhookView& v);
std::string desk_audit_page(const DeskAuditView& v);
std::string desk_users_page(const DeskUsersView& v);
std::string desk_articles_page(const DeskArticlesView& v);
std::string desk_article_edit_page(const DeskArticleEditView& v);
std::string desk_article_history_page(const DeskArticleHistoryView& v);
std::string desk_article_version_page(const DeskArticleVersionView& v);
std::string desk_policies_page(const DeskPoliciesView& v);
std::string desk_privacy_page(const DeskPrivacyView& v);
std::string desk_notifications_page(const DeskNotificationsView& v);
std::string desk_import_page(const DeskImportView& v);
std::string desk_error_page(const DeskErrorView& v);

/// Just the item's `<article class="desk-item">` (GET /admin/comments/{id}?fragment=1), as it
/// appears in a queue page with the same frame and `return_to`.
std::string desk_item_fragment(const DeskItemView& v);

/// "Pending", "Reported", ... for a queue name; the name itself when unknown.
std::string desk_queue_label(std::string_view queue);

/// "/admin?queue=reported&q=...&author=...&page=...&after=12": a queue's URL, every part
/// percent-encoded, empty parts left out ("pending" is the default queue: plain "/admin").
std::string desk_queue_path(std::string_view queue, std::string_view text = {}, std::string_view author = {},
                            std::string_view page = {}, std::optional<domain::CommentId> after = std::nullopt);

}  // namespace tribune::render
