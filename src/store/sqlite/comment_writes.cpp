#include "store/sqlite/comment_writes.hpp"

#include <sqlite3.h>

#include "store/common/comment_rules.hpp"
#include "store/common/store_errors.hpp"
#include "store/sqlite/comment_reads.hpp"
#include "store/sqlite/connection.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::CommentStatus;
using domain::ErrorCode;
using domain::Result;

// Adds `delta` (+1 or -1) to the approved counts that `c` contributes to.
Result<void> adjust_counts(Connection& db, const domain::Comment& c, std::int64_t delta) {
    auto thread = db.prepare(
        "INSERT INTO threads (page, approved_count) VALUES (?1, max(?2, 0))"
        " ON CONFLICT (page) DO UPDATE SET approved_count = max(approved_count + ?2, 0)");
    if (!thread) return thread.error();
    thread->bind(1, c.page).bind(2, delta);
    if (auto ok = thread->run(); !ok) return ok.error();
    if (!c.parent_id) return {};
    auto parent = db.prepare("UPDATE comments SET reply_count = max(reply_count + ?2, 0) WHERE id = ?1");
    if (!parent) return parent.error();
    parent->bind(1, *c.parent_id).bind(2, delta);
    return parent->run();
}

Result<void> check_parent(Connection& db, const domain::NewComment& c) {
    auto parent = get_comment(db, *c.parent_id);
    if (!parent && parent.error().code != ErrorCode::kNotFound) return parent.error();
    if (!parent) return parent_not_found();
    if (parent->page != c.page || parent->parent_id) return invalid_reply();
    return {};
}

}  // namespace

Result<domain::Comment> insert_comment(Connection& db, const domain::NewComment& c) {
    if (c.parent_id) {
        if (auto ok = check_parent(db, c); !ok) return ok.error();
    }
    auto st = db.prepare(
        "INSERT INTO comments (page, parent_id, author_name, author_role, author_user_id, author_token_hash,"
        " text, status, created_at, ip_hash, filter_reason)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st) return st.error();
    st->bind(1, c.page)
        .bind(2, c.parent_id)
        .bind(3, c.author.name)
        .bind(4, to_string(c.author.role))
        .bind(5, c.author.user_id)
        .bind(6, c.author_token_hash)
        .bind(7, c.text)
        .bind(8, to_string(c.status))
        .bind(9, domain::to_micros(c.created_at))
        .bind(10, c.ip_hash)
        .bind(11, c.filter_reason);
    if (auto ok = st->run(); !ok) return ok.error();

    domain::Comment stored = stored_comment(c, sqlite3_last_insert_rowid(db.handle()));
    if (c.status == CommentStatus::kApproved) {
        if (auto ok = adjust_counts(db, stored, +1); !ok) return ok.error();
    }
    return stored;
}

Result<domain::Comment> edit_comment(Connection& db, domain::CommentId id, const std::string& new_text,
                                     domain::Time at, const std::string& edited_by,
                                     const std::optional<std::string>& hold_reason) {
    auto current = get_comment(db, id);
    if (!current) return current.error();
    if (auto ok = check_editable(*current); !ok) return ok.error();

    auto history = db.prepare(
        "INSERT INTO comment_edits (comment_id, text, replaced_at, edited_by) VALUES (?1, ?2, ?3, ?4)");
    if (!history) return history.error();
    history->bind(1, id).bind(2, current->text).bind(3, domain::to_micros(at)).bind(4, edited_by);
    if (auto ok = history->run(); !ok) return ok.error();

    auto update = db.prepare("UPDATE comments SET text = ?2, edited_at = ?3 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, id).bind(2, new_text).bind(3, domain::to_micros(at));
    if (auto ok = update->run(); !ok) return ok.error();

    current->text = new_text;
    current->edited_at = at;
    if (const auto held = held_edit(*current, hold_reason)) {
        auto hold = db.prepare("UPDATE comments SET status = ?2, filter_reason = ?3 WHERE id = ?1");
        if (!hold) return hold.error();
        hold->bind(1, id).bind(2, to_string(held->status)).bind(3, held->reason);
        if (auto ok = hold->run(); !ok) return ok.error();
        if (const std::int64_t delta = approved_delta(current->status, held->status); delta != 0) {
            if (auto ok = adjust_counts(db, *current, delta); !ok) return ok.error();
        }
        current->status = held->status;
        current->filter_reason = held->reason;
    }
    return current;
}

Result<domain::Comment> set_status(Connection& db, domain::CommentId id, CommentStatus status,
                                   const std::optional<std::string>& seen_version) {
    if (status == CommentStatus::kDeleted) return deleting_is_separate();
    auto current = get_comment(db, id);
    if (!current) return current.error();
    auto change = check_status_change(*current, status, seen_version);
    if (!change) return change.error();
    if (!*change) return current;

    auto update = db.prepare("UPDATE comments SET status = ?2 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, id).bind(2, to_string(status));
    if (auto ok = update->run(); !ok) return ok.error();

    if (const std::int64_t delta = approved_delta(current->status, status); delta != 0) {
        if (auto ok = adjust_counts(db, *current, delta); !ok) return ok.error();
    }
    current->status = status;
    return current;
}

Result<domain::Comment> delete_comment(Connection& db, domain::CommentId id) {
    auto current = get_comment(db, id);
    if (!current) return current.error();
    if (current->status == CommentStatus::kDeleted) return current;

    auto update =
        db.prepare("UPDATE comments SET status = 'deleted', text = '', author_name = '' WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, id);
    if (auto ok = update->run(); !ok) return ok.error();

    // The author asked for the words to go: earlier versions go with them.
    auto history = db.prepare("DELETE FROM comment_edits WHERE comment_id = ?1");
    if (!history) return history.error();
    history->bind(1, id);
    if (auto ok = history->run(); !ok) return ok.error();

    if (current->status == CommentStatus::kApproved) {
        if (auto ok = adjust_counts(db, *current, -1); !ok) return ok.error();
    }
    make_tombstone(*current);
    return current;
}

Result<domain::Comment> set_featured(Connection& db, domain::CommentId id, bool featured) {
    auto current = get_comment(db, id);
    if (!current) return current.error();
    auto update = db.prepare("UPDATE comments SET featured = ?2 WHERE id = ?1");
    if (!update) return update.error();
    update->bind(1, id).bind(2, std::int64_t{featured ? 1 : 0});
    if (auto ok = update->run(); !ok) return ok.error();
    current->featured = featured;
    return current;
}

}  // namespace tribune::store::sqlite
