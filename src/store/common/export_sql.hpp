#pragma once
// Export queries whose SQL both dialects share; only parameter markers differ.

#include <string>
#include <string_view>

namespace tribune::store {

/// Comments with id above `after`, in id order, at most `limit` comments, each joined with its
/// edits oldest first (one row per edit; one row with NULL edit columns when it has none):
/// kCommentColumns, author_email, notify, then the edit's text, replaced_at, edited_by. One statement, one
/// snapshot.
std::string export_comments_sql(std::string_view after, std::string_view limit);

/// `columns` of `table` with id above `after`, in id order, at most `limit`: the export query of
/// the moderation tables keyed by id (users, reports, bans, audit_log).
std::string export_by_id_sql(std::string_view columns, std::string_view table, std::string_view after,
                             std::string_view limit);

/// The thread_policies columns an export reads and an import writes, in this order.
inline constexpr std::string_view kThreadPolicyExportColumns =
    "page, moderation, closed, auto_close_days, signin_required";

/// The columns an import inserts into comments, and how many (reply_count and open_reports are
/// recomputed, the latter from the imported reports).
inline constexpr std::string_view kImportCommentColumns =
    "id, page, parent_id, author_name, author_role, author_user_id, author_token_hash, text, status, "
    "created_at, edited_at, ip_hash, filter_reason, featured, author_email, notify, author_badge, author_verified";
inline constexpr int kImportCommentColumnCount = 18;

}  // namespace tribune::store
