#pragma once
// Comment writes. Each runs inside the caller's write transaction (READ COMMITTED), which rolls
// back on error, and keeps threads.approved_count and the parent's reply_count in step with the
// approved comments. Concurrent writes stay exact because each locks the comment it changes
// (FOR NO KEY UPDATE) before reading its status, and counts change by increments on the locked
// rows. Rows are always locked in one order, child comment, parent comment, then a threads row,
// so writers do not deadlock one another.

#include <string>

#include "domain/comment.hpp"
#include "domain/error.hpp"

namespace tribune::store::postgres {

class Connection;

/// Inserts `c`. Errors: kNotFound for a missing parent; kInvalid for a parent on another page or
/// that is itself a reply (threads are two levels deep).
domain::Result<domain::Comment> insert_comment(Connection& db, const domain::NewComment& c);

/// Replaces the text, appending the old one to comment_edits. Errors: kNotFound; kConflict when
/// the comment is deleted.
domain::Result<domain::Comment> edit_comment(Connection& db, domain::CommentId id,
                                             const std::string& new_text, domain::Time at,
                                             const std::string& edited_by,
                                             const std::optional<std::string>& hold_reason);

/// Moves to `status`. Errors: kNotFound; kInvalid for kDeleted (use delete_comment); kConflict when
/// the comment is deleted (its text is gone).
domain::Result<domain::Comment> set_status(Connection& db, domain::CommentId id,
                                           domain::CommentStatus status,
                                           const std::optional<std::string>& seen_version);

/// Marks deleted and clears text, author name and edit history. Deleting twice is a no-op.
/// Errors: kNotFound.
domain::Result<domain::Comment> delete_comment(Connection& db, domain::CommentId id);

}  // namespace tribune::store::postgres
