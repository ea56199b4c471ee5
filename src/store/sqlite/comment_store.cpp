// SqliteStore's CommentStore methods (store/comment_store.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>

#include <sqlite3.h>

#include "store/common/comment_changes.hpp"
#include "store/common/comment_rules.hpp"
#include "store/common/rows.hpp"
#include "store/common/store_errors.hpp"
#include "store/outbox_types.hpp"
#include "store/sqlite/change_executor.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/queries.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/shared_steps.hpp"
#include "store/sqlite/snapshot.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {
namespace {

// What first_replies answers: (parent id, replies) in the order asked.
using RepliesByParent = std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>;

using domain::CommentStatus;
using domain::ErrorCode;
using domain::Result;

Result<void> check_parent(Connection& db, const domain::NewComment& c) {
    auto parent = comment_by_id(db, *c.parent_id);
    if (!parent && parent.error().code != ErrorCode::kNotFound) return parent.error();
    if (!parent) return parent_not_found();
    if (parent->page != c.page || parent->parent_id) return invalid_reply();
    return {};
}

using sql::ListScope;
using sql::Visibility;

// Up to `max_rows` rows of a keyset list: `key` is the page (top level) or the parent id (replies).
template <class Key>
Result<std::vector<domain::Comment>> fetch(Connection& db, ListScope scope, const Key& key, const ListQuery& q,
                                           std::int64_t max_rows) {
    const Filter filter = filter_of(q.filter);
    auto st = db.prepare(sql::list_comments(scope, q.order, filter.visibility));
    if (!st) return st.error();
    st->bind(1, key).bind(2, start_id(q)).bind(3, max_rows);
    if (filter.visibility == Visibility::kDefault) st->bind(4, q.viewer.author_token_hash).bind(5, q.viewer.user_id);
    if (filter.visibility == Visibility::kOneStatus) st->bind(4, filter.status);

    std::vector<domain::Comment> rows;
    rows.reserve(static_cast<std::size_t>(std::min<std::int64_t>(max_rows, kMaxListLimit + 1)));
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) return rows;
        rows.push_back(read_comment(*st));
    }
}

template <class Key>
Result<CommentPage> list_page(Connection& db, ListScope scope, const Key& key, const ListQuery& q) {
    const int limit = std::clamp(q.limit, 1, kMaxListLimit);
    auto rows = fetch(db, scope, key, q, std::int64_t{limit} + 1);  // one extra row tells has_more
    if (!rows) return rows.error();
    return CommentPage::of(std::move(*rows), limit);
}

}  // namespace

Result<domain::Comment> SqliteStore::insert_comment(const domain::NewComment& c) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) -> Result<domain::Comment> {
        if (c.parent_id) {
            if (auto ok = check_parent(db, c); !ok) return ok.error();
        }
        auto st = db.prepare(
            "INSERT INTO comments (page, parent_id, author_name, author_role, author_user_id, author_token_hash,"
            " text, status, created_at, ip_hash, filter_reason, author_email, notify, author_badge, author_verified)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
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
            .bind(11, c.filter_reason)
            .bind(12, c.author_email)
            .bind(13, std::int64_t{c.notify})
            .bind(14, c.author.badge)
            .bind(15, std::int64_t{c.author.verified ? 1 : 0});
        if (auto ok = st->run(); !ok) return ok.error();

        domain::Comment stored = stored_comment(c, sqlite3_last_insert_rowid(db.handle()));
        ChangeExecutor changes(db);
        if (c.status == CommentStatus::kApproved) {
            if (auto ok = adjust_counts(changes, stored, +1); !ok) return ok.error();
        }
        if (auto ok = changes.run(ChangeStatement::kRecordEvent, {outbox_event::kCommentCreated, stored.id,
                                                                  std::string_view(stored.page),
                                                                  domain::to_micros(stored.created_at)});
            !ok)
            return ok.error();
        return stored;
    });
}

Result<domain::Comment> SqliteStore::edit_comment(domain::CommentId id, const std::string& new_text, domain::Time at,
                                                  const std::string& edited_by,
                                                  const std::optional<std::string>& hold_reason) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) {
        ChangeExecutor changes(db);
        return store::edit_comment(changes, id, new_text, at, edited_by, hold_reason);
    });
}

Result<domain::Comment> SqliteStore::set_status(domain::CommentId id, CommentStatus status,
                                                const std::optional<std::string>& seen_version) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) {
        ChangeExecutor changes(db);
        return change_status(changes, id, status, seen_version);
    });
}

Result<domain::Comment> SqliteStore::delete_comment(domain::CommentId id) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) {
        ChangeExecutor changes(db);
        return store::delete_comment(changes, id);
    });
}

Result<domain::Comment> SqliteStore::set_featured(domain::CommentId id, bool featured) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) -> Result<domain::Comment> {
        auto current = comment_by_id(db, id);
        if (!current) return current.error();
        auto update = db.prepare("UPDATE comments SET featured = ?2 WHERE id = ?1");
        if (!update) return update.error();
        update->bind(1, id).bind(2, std::int64_t{featured ? 1 : 0});
        if (auto ok = update->run(); !ok) return ok.error();
        current->featured = featured;
        return current;
    });
}

Result<domain::Comment> comment_by_id(Connection& db, domain::CommentId id) {
    auto st = db.prepare(sql::kSelectComment);
    if (!st) return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return comment_not_found();
    return read_comment(*st);
}

Result<domain::Comment> SqliteStore::get_comment(domain::CommentId id) {
    return read(*readers_, *health_, [&](Connection& db) { return comment_by_id(db, id); });
}

Result<CommentPage> SqliteStore::list_comments(std::string_view page, const ListQuery& q) {
    return read(*readers_, *health_,
                [&](Connection& db) -> Result<CommentPage> { return list_page(db, ListScope::kTopLevel, page, q); });
}

Result<CommentPage> SqliteStore::list_replies(domain::CommentId parent_id, const ListQuery& q) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<CommentPage> {
        return list_page(db, ListScope::kReplies, parent_id, q);
    });
}

Result<RepliesByParent> SqliteStore::first_replies(const std::vector<domain::CommentId>& parent_ids, int per_parent,
                                                   const domain::Viewer& viewer, bool all_statuses) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<RepliesByParent> {
        ListQuery q;
        q.order = domain::SortOrder::kOldest;
        q.viewer = viewer;
        q.filter = all_statuses ? StatusFilter::kAll : StatusFilter::kDefault;
        return in_snapshot(db, [&]() -> Result<RepliesByParent> {
            RepliesByParent out;
            out.reserve(parent_ids.size());
            for (domain::CommentId parent : parent_ids) {
                auto replies = fetch(db, ListScope::kReplies, parent, q, std::int64_t{std::max(per_parent, 0)} + 1);
                if (!replies) return replies.error();
                out.emplace_back(parent, std::move(*replies));
            }
            return out;
        });
    });
}

Result<std::int64_t> approved_count(Connection& db, std::string_view page) {
    auto st = db.prepare("SELECT approved_count FROM threads WHERE page = ?1");
    if (!st) return st.error();
    st->bind(1, page);
    auto row = st->step();
    if (!row) return row.error();
    return *row ? st->int64(0) : 0;
}

Result<std::int64_t> SqliteStore::count_approved(std::string_view page) {
    return read(*readers_, *health_, [&](Connection& db) { return approved_count(db, page); });
}

Result<std::vector<std::int64_t>> SqliteStore::count_approved_many(const std::vector<std::string>& pages) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<std::int64_t>> {
        return in_snapshot(db, [&]() -> Result<std::vector<std::int64_t>> {
            std::vector<std::int64_t> counts;
            counts.reserve(pages.size());
            for (const std::string& page : pages) {
                auto n = approved_count(db, page);
                if (!n) return n.error();
                counts.push_back(*n);
            }
            return counts;
        });
    });
}

Result<std::vector<domain::CommentEdit>> SqliteStore::edit_history(domain::CommentId id) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<domain::CommentEdit>> {
        return in_snapshot(db, [&]() -> Result<std::vector<domain::CommentEdit>> {
            if (auto exists = comment_by_id(db, id); !exists) return exists.error();
            auto st =
                db.prepare("SELECT text, replaced_at, edited_by FROM comment_edits WHERE comment_id = ?1 ORDER BY id");
            if (!st) return st.error();
            st->bind(1, id);
            std::vector<domain::CommentEdit> edits;
            for (;;) {
                auto row = st->step();
                if (!row) return row.error();
                if (!*row) return edits;
                edits.push_back(edit_from_row(*st));
            }
        });
    });
}

}  // namespace tribune::store::sqlite
