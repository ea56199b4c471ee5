#pragma once
// The comment changes whose steps are the same on both engines, written once over SqlExecutor:
// status changes, deletes (tombstones) and edits (history, hold), each keeping the approved
// counts and the parent's reply_count in step. Each runs inside the caller's write transaction,
// which rolls back on an error.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "store/common/sql_executor.hpp"

namespace tribune::store {

/// Adds `delta` (+1 or -1) to the approved counts `c` contributes to: the parent's reply_count
/// first, then the page's count (the lock order every PostgreSQL writer follows). A template so
/// an engine's hot path can call it on its final adapter without a virtual call.
template <class Sql>
domain::Result<void> adjust_counts(Sql& db, const domain::Comment& c, std::int64_t delta) {
    if (c.parent_id) {
        if (auto ok = db.run(ChangeStatement::kAdjustReplyCount, {*c.parent_id, delta}); !ok) return ok.error();
    }
    if (const auto shard = db.count_shard())
        return db.run(ChangeStatement::kAdjustThreadCount, {std::string_view(c.page), delta, *shard});
    return db.run(ChangeStatement::kAdjustThreadCount, {std::string_view(c.page), delta});
}

/// Store::set_status inside a transaction. Errors: kInvalid for kDeleted; kNotFound; kConflict
/// when deleted or the text changed since `seen_version`.
domain::Result<domain::Comment> change_status(SqlExecutor& db, domain::CommentId id, domain::CommentStatus status,
                                              const std::optional<std::string>& seen_version);

/// Store::delete_comment inside a transaction: status deleted, text and author name cleared,
/// edit history removed. Deleting twice is a no-op. Errors: kNotFound.
domain::Result<domain::Comment> delete_comment(SqlExecutor& db, domain::CommentId id);

/// Store::edit_comment inside a transaction: the old text goes to the history; with
/// `hold_reason`, the comment waits for a moderator. Errors: kNotFound; kConflict when deleted.
domain::Result<domain::Comment> edit_comment(SqlExecutor& db, domain::CommentId id, const std::string& new_text,
                                             domain::Time at, const std::string& edited_by,
                                             const std::optional<std::string>& hold_reason);

}  // namespace tribune::store
