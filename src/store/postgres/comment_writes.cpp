#include "store/postgres/comment_writes.hpp"

#include "store/common/comment_rules.hpp"
#include "store/common/store_errors.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"

namespace tribune::store::postgres {
namespace {

using domain::CommentStatus;
using domain::Result;

// Rows a page's approved count is split over (migrations.cpp, threads). About the pool size: two
// connections of one node rarely share a row.
constexpr std::int64_t kCountShards = 16;

constexpr std::string_view kInsertComment =
    "INSERT INTO comments (page, parent_id, author_name, author_role, author_user_id, author_token_hash,"
    " text, status, created_at, ip_hash, filter_reason) VALUES ($1::text, $2::bigint, $3::text, $4::text,"
    " $5::bigint, $6::text, $7::text, $8::text, $9::bigint, $10::text, $11::text) RETURNING id";

const Statement kInsert{std::string(kInsertComment)};

// The common case in one round trip: an approved top-level comment and its page's count.
const Statement kInsertApprovedTopLevel{[] {
    std::string s("WITH inserted AS (");
    s += kInsertComment;
    s += "), counted AS (INSERT INTO threads (page, shard, approved_count) VALUES ($1::text, $12::smallint, 1)"
         " ON CONFLICT (page, shard) DO UPDATE SET approved_count = threads.approved_count + 1)"
         " SELECT id FROM inserted";
    return s;
}()};

const Statement kParentOf("SELECT page, parent_id FROM comments WHERE id = $1::bigint");
const Statement kAdjustReplyCount(
    "UPDATE comments SET reply_count = greatest(reply_count + $2::bigint, 0) WHERE id = $1::bigint");
const Statement kAdjustThread(
    "INSERT INTO threads (page, shard, approved_count) VALUES ($1::text, $3::smallint, $2::bigint)"
    " ON CONFLICT (page, shard) DO UPDATE SET approved_count = threads.approved_count + $2::bigint");
const Statement kInsertEdit(
    "INSERT INTO comment_edits (comment_id, text, replaced_at, edited_by)"
    " VALUES ($1::bigint, $2::text, $3::bigint, $4::text)");
const Statement kUpdateText("UPDATE comments SET text = $2::text, edited_at = $3::bigint WHERE id = $1::bigint");
const Statement kUpdateStatus("UPDATE comments SET status = $2::text WHERE id = $1::bigint");
const Statement kHoldEdited(
    "UPDATE comments SET status = $2::text, filter_reason = $3::text WHERE id = $1::bigint");
const Statement kMarkDeleted(
    "UPDATE comments SET status = 'deleted', text = '', author_name = '' WHERE id = $1::bigint");
const Statement kDeleteEdits("DELETE FROM comment_edits WHERE comment_id = $1::bigint");

// Adds `delta` (+1 or -1) to the approved counts that `c` contributes to: the parent row first,
// then the threads row (the lock order every writer follows).
std::int64_t count_shard(const Connection& db) {
    return static_cast<std::int64_t>(db.ordinal() % kCountShards);
}

Result<void> adjust_counts(Connection& db, const domain::Comment& c, std::int64_t delta) {
    if (c.parent_id) {
        if (auto ok = db.run(kAdjustReplyCount, Params().add(*c.parent_id).add(delta)); !ok) return ok.error();
    }
    if (auto ok = db.run(kAdjustThread, Params().add(c.page).add(delta).add(count_shard(db))); !ok)
        return ok.error();
    return {};
}

// A parent's page and parent never change, so reading it needs no lock; the new row's foreign
// key keeps it from going away.
Result<void> check_parent(Connection& db, const domain::NewComment& c) {
    auto parent = db.run(kParentOf, Params().add(*c.parent_id));
    if (!parent) return parent.error();
    if (parent->rows() == 0) return parent_not_found();
    if (parent->text_view(0, 0) != c.page || !parent->is_null(0, 1)) return invalid_reply();
    return {};
}

// The comment with `id`, locked until the transaction ends. Errors: kNotFound.
Result<domain::Comment> lock_comment(Connection& db, domain::CommentId id) {
    auto r = db.run(sql::lock_comment(), Params().add(id));
    if (!r) return r.error();
    if (r->rows() == 0) return comment_not_found();
    return read_comment(*r, 0);
}

}  // namespace

Result<domain::Comment> insert_comment(Connection& db, const domain::NewComment& c) {
    if (c.parent_id) {
        if (auto ok = check_parent(db, c); !ok) return ok.error();
    }
    const bool approved = c.status == CommentStatus::kApproved;
    const bool counted_here = approved && !c.parent_id;
    Params params;
    params.add(c.page)
        .add(c.parent_id)
        .add(c.author.name)
        .add(to_string(c.author.role))
        .add(c.author.user_id)
        .add(c.author_token_hash)
        .add(c.text)
        .add(to_string(c.status))
        .add(domain::to_micros(c.created_at))
        .add(c.ip_hash)
        .add(c.filter_reason);
    if (counted_here) params.add(count_shard(db));
    auto r = db.run(counted_here ? kInsertApprovedTopLevel : kInsert, params);
    if (!r) return r.error();

    domain::Comment stored = stored_comment(c, r->int64(0, 0));
    if (approved && !counted_here) {
        if (auto ok = adjust_counts(db, stored, +1); !ok) return ok.error();
    }
    return stored;
}

Result<domain::Comment> edit_comment(Connection& db, domain::CommentId id, const std::string& new_text,
                                     domain::Time at, const std::string& edited_by,
                                     const std::optional<std::string>& hold_reason) {
    auto current = lock_comment(db, id);
    if (!current) return current.error();
    if (auto ok = check_editable(*current); !ok) return ok.error();

    Params history;
    history.add(id).add(current->text).add(domain::to_micros(at)).add(edited_by);
    if (auto ok = db.run(kInsertEdit, history); !ok) return ok.error();
    if (auto ok = db.run(kUpdateText, Params().add(id).add(new_text).add(domain::to_micros(at))); !ok)
        return ok.error();

    current->text = new_text;
    current->edited_at = at;
    if (const auto held = held_edit(*current, hold_reason)) {
        if (auto ok = db.run(kHoldEdited, Params().add(id).add(to_string(held->status)).add(held->reason)); !ok)
            return ok.error();
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
    auto current = lock_comment(db, id);
    if (!current) return current.error();
    auto change = check_status_change(*current, status, seen_version);
    if (!change) return change.error();
    if (!*change) return current;

    if (auto ok = db.run(kUpdateStatus, Params().add(id).add(to_string(status))); !ok) return ok.error();
    if (const std::int64_t delta = approved_delta(current->status, status); delta != 0) {
        if (auto ok = adjust_counts(db, *current, delta); !ok) return ok.error();
    }
    current->status = status;
    return current;
}

Result<domain::Comment> delete_comment(Connection& db, domain::CommentId id) {
    auto current = lock_comment(db, id);
    if (!current) return current.error();
    if (current->status == CommentStatus::kDeleted) return current;

    if (auto ok = db.run(kMarkDeleted, Params().add(id)); !ok) return ok.error();
    // The author asked for the words to go: earlier versions go with them.
    if (auto ok = db.run(kDeleteEdits, Params().add(id)); !ok) return ok.error();
    if (current->status == CommentStatus::kApproved) {
        if (auto ok = adjust_counts(db, *current, -1); !ok) return ok.error();
    }
    make_tombstone(*current);
    return current;
}

}  // namespace tribune::store::postgres
