// PgStore's CommentStore methods (store/comment_store.hpp).
#include "store/postgres/pg_store.hpp"

#include <algorithm>

#include "store/common/comment_changes.hpp"
#include "store/common/comment_rules.hpp"
#include "store/common/rows.hpp"
#include "store/common/store_errors.hpp"
#include "store/outbox_types.hpp"
#include "store/postgres/change_executor.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

// What first_replies answers: (parent id, replies) in the order asked.
using RepliesByParent = std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>;

using domain::CommentStatus;
using domain::Result;

// The comment and its outbox event ("comment.created", in the same transaction), in one round
// trip; `more` adds CTEs of its own.
std::string insert_comment_sql(std::string_view more) {
    std::string s(
        "WITH inserted AS (INSERT INTO comments (page, parent_id, author_name, author_role, author_user_id,"
        " author_token_hash, text, status, created_at, ip_hash, filter_reason, author_email, notify, author_badge,"
        " author_verified) VALUES ($1::text, $2::bigint, $3::text, $4::text, $5::bigint, $6::text, $7::text, $8::text,"
        " $9::bigint, $10::text, $11::text, $12::text, $13::integer, $14::text, $15::smallint)"
        " RETURNING id), recorded AS (INSERT INTO outbox_events (type, subject_id, page, at) SELECT '");
    s += outbox_event::kCommentCreated;
    s += "', id, $1::text, $9::bigint FROM inserted)";
    s += more;
    s += " SELECT id FROM inserted";
    return s;
}

const Statement kInsert{insert_comment_sql("")};

// The common case in one round trip: an approved top-level comment and its page's count.
const Statement kInsertApprovedTopLevel{insert_comment_sql(
    ", counted AS (INSERT INTO threads (page, shard, approved_count) VALUES ($1::text, $16::smallint, 1)"
    " ON CONFLICT (page, shard) DO UPDATE SET approved_count = threads.approved_count + 1)")};

const Statement kSetFeatured([] {
    std::string s("UPDATE comments SET featured = $2::smallint WHERE id = $1::bigint RETURNING ");
    s += sql::kCommentColumns;
    return s;
}());

const Statement kParentOf("SELECT page, parent_id FROM comments WHERE id = $1::bigint");

// A parent's page and parent never change, so reading it needs no lock; the new row's foreign
// key keeps it from going away.
Result<void> check_parent(Connection& db, const domain::NewComment& c) {
    auto parent = db.run(kParentOf, Params().add(*c.parent_id));
    if (!parent) return parent.error();
    if (parent->rows() == 0) return parent_not_found();
    if (parent->text_view(0, 0) != c.page || !parent->is_null(0, 1)) return invalid_reply();
    return {};
}

using sql::ListScope;
using sql::Visibility;

// A page's count is the sum of its few shard rows (migrations.cpp, threads).
const Statement kCountApproved(
    "SELECT greatest(coalesce(sum(approved_count), 0), 0)::bigint FROM threads WHERE page = $1::text");
const Statement kCountApprovedMany(
    "SELECT greatest(coalesce((SELECT sum(t.approved_count) FROM threads AS t WHERE t.page = p.page), 0), 0)"
    "::bigint FROM unnest($1::text[]) WITH ORDINALITY AS p (page, ord) ORDER BY p.ord");
// No row: no such comment. One row with NULLs: a comment without edits.
const Statement kEditHistory(
    "SELECT e.text, e.replaced_at, e.edited_by FROM comments AS c"
    " LEFT JOIN comment_edits AS e ON e.comment_id = c.id WHERE c.id = $1::bigint ORDER BY e.id");

void add_key(Params& p, std::string_view page) { p.add(page); }
void add_key(Params& p, domain::CommentId parent) { p.add(parent); }

// One page of a keyset list, plus one row to tell has_more: `key` is the page or the parent id.
template <class Key>
Result<CommentPage> list_page(Connection& db, ListScope scope, const Key& key, const ListQuery& q) {
    const int limit = std::clamp(q.limit, 1, kMaxListLimit);
    const Filter filter = filter_of(q.filter);

    Params params;
    add_key(params, key);
    params.add(start_id(q)).add(std::int64_t{limit} + 1);
    if (filter.visibility == Visibility::kDefault) params.add(q.viewer.author_token_hash).add(q.viewer.user_id);
    if (filter.visibility == Visibility::kOneStatus) params.add(filter.status);

    auto r = db.run(sql::list_comments(scope, q.order, filter.visibility), params);
    if (!r) return r.error();
    CommentPage page;
    const int rows = std::min(r->rows(), limit);
    page.comments.reserve(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) page.comments.push_back(read_comment(*r, i));
    page.has_more = r->rows() > limit;
    return page;
}

}  // namespace

Result<domain::Comment> PgStore::insert_comment(const domain::NewComment& c) {
    return run_write<domain::Comment>(*pool_, retry_, [&](Connection& db) -> Result<domain::Comment> {
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
            .add(c.filter_reason)
            .add(c.author_email)
            .add(std::int64_t{c.notify})
            .add(c.author.badge)
            .add(std::int64_t{c.author.verified ? 1 : 0});
        if (counted_here) params.add(count_shard(db));
        auto r = db.run(counted_here ? kInsertApprovedTopLevel : kInsert, params);
        if (!r) return r.error();

        domain::Comment stored = stored_comment(c, r->int64(0, 0));
        if (approved && !counted_here) {
            ChangeExecutor changes(db);
            if (auto ok = adjust_counts(changes, stored, +1); !ok) return ok.error();
        }
        return stored;
    });
}

Result<domain::Comment> PgStore::edit_comment(domain::CommentId id, const std::string& new_text, domain::Time at,
                                              const std::string& edited_by,
                                              const std::optional<std::string>& hold_reason) {
    return run_write<domain::Comment>(*pool_, retry_, [&](Connection& db) {
        ChangeExecutor changes(db);
        return store::edit_comment(changes, id, new_text, at, edited_by, hold_reason);
    });
}

Result<domain::Comment> PgStore::set_status(domain::CommentId id, CommentStatus status,
                                            const std::optional<std::string>& seen_version) {
    return run_write<domain::Comment>(*pool_, retry_, [&](Connection& db) {
        ChangeExecutor changes(db);
        return change_status(changes, id, status, seen_version);
    });
}

Result<domain::Comment> PgStore::delete_comment(domain::CommentId id) {
    return run_write<domain::Comment>(*pool_, retry_, [&](Connection& db) {
        ChangeExecutor changes(db);
        return store::delete_comment(changes, id);
    });
}

Result<domain::Comment> PgStore::get_comment(domain::CommentId id) {
    return run_read<domain::Comment>(*pool_, retry_, [&](Connection& db) -> Result<domain::Comment> {
        auto r = db.run(sql::select_comment(), Params().add(id));
        if (!r) return r.error();
        if (r->rows() == 0) return comment_not_found();
        return read_comment(*r, 0);
    });
}

Result<CommentPage> PgStore::list_comments(std::string_view page, const ListQuery& q) {
    return run_read<CommentPage>(*pool_, retry_, [&](Connection& db) -> Result<CommentPage> {
        return list_page(db, ListScope::kTopLevel, page, q);
    });
}

Result<CommentPage> PgStore::list_replies(domain::CommentId parent_id, const ListQuery& q) {
    return run_read<CommentPage>(*pool_, retry_, [&](Connection& db) -> Result<CommentPage> {
        return list_page(db, ListScope::kReplies, parent_id, q);
    });
}

Result<RepliesByParent> PgStore::first_replies(const std::vector<domain::CommentId>& parent_ids, int per_parent,
                                               const domain::Viewer& viewer, bool all_statuses) {
    return run_read<RepliesByParent>(*pool_, retry_, [&](Connection& db) -> Result<RepliesByParent> {
        RepliesByParent out;
        out.reserve(parent_ids.size());
        for (domain::CommentId parent : parent_ids) out.emplace_back(parent, std::vector<domain::Comment>{});
        if (parent_ids.empty()) return out;

        const Visibility visibility = all_statuses ? Visibility::kAll : Visibility::kDefault;
        Params params;
        params.add(int64_array(parent_ids)).add(std::int64_t{std::max(per_parent, 0)} + 1);
        if (visibility == Visibility::kDefault) params.add(viewer.author_token_hash).add(viewer.user_id);
        auto r = db.run(sql::first_replies(visibility), params);
        if (!r) return r.error();
        for (int i = 0; i < r->rows(); ++i) {
            const std::int64_t ord = r->int64(i, kCommentColumnCount);  // 1-based position in parent_ids
            out[static_cast<std::size_t>(ord - 1)].second.push_back(read_comment(*r, i));
        }
        return out;
    });
}

Result<std::int64_t> PgStore::count_approved(std::string_view page) {
    return run_read<std::int64_t>(*pool_, retry_, [&](Connection& db) -> Result<std::int64_t> {
        auto r = db.run(kCountApproved, Params().add(page));
        if (!r) return r.error();
        return r->rows() > 0 ? r->int64(0, 0) : 0;
    });
}

Result<std::vector<std::int64_t>> PgStore::count_approved_many(const std::vector<std::string>& pages) {
    return run_read<std::vector<std::int64_t>>(*pool_, retry_,
                                               [&](Connection& db) -> Result<std::vector<std::int64_t>> {
                                                   std::vector<std::int64_t> counts;
                                                   if (pages.empty()) return counts;
                                                   auto r = db.run(kCountApprovedMany, Params().add(text_array(pages)));
                                                   if (!r) return r.error();
                                                   counts.reserve(pages.size());
                                                   for (int i = 0; i < r->rows(); ++i) counts.push_back(r->int64(i, 0));
                                                   return counts;
                                               });
}

Result<std::vector<domain::CommentEdit>> PgStore::edit_history(domain::CommentId id) {
    return run_read<std::vector<domain::CommentEdit>>(*pool_, retry_,
                                                      [&](Connection& db) -> Result<std::vector<domain::CommentEdit>> {
                                                          auto r = db.run(kEditHistory, Params().add(id));
                                                          if (!r) return r.error();
                                                          if (r->rows() == 0) return comment_not_found();
                                                          std::vector<domain::CommentEdit> edits;
                                                          for (int i = 0; i < r->rows(); ++i) {
                                                              if (r->is_null(i, 1))
                                                                  continue;  // the comment's own row: no edits
                                                              edits.push_back(edit_from_row(PgRow{*r, i}));
                                                          }
                                                          return edits;
                                                      });
}

Result<domain::Comment> PgStore::set_featured(domain::CommentId id, bool featured) {
    return run_write<domain::Comment>(*pool_, retry_, [&](Connection& db) -> Result<domain::Comment> {
        auto r = db.run(kSetFeatured, Params().add(id).add(std::int64_t{featured ? 1 : 0}));
        if (!r) return r.error();
        if (r->rows() == 0) return comment_not_found();
        return read_comment(*r, 0);
    });
}

}  // namespace tribune::store::postgres
