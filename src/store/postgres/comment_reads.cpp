#include "store/postgres/comment_reads.hpp"

#include <algorithm>

#include "store/common/comment_rules.hpp"
#include "store/common/rows.hpp"
#include "store/common/store_errors.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;
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

Result<domain::Comment> get_comment(Connection& db, domain::CommentId id) {
    auto r = db.run(sql::select_comment(), Params().add(id));
    if (!r) return r.error();
    if (r->rows() == 0) return comment_not_found();
    return read_comment(*r, 0);
}

Result<CommentPage> list_comments(Connection& db, std::string_view page, const ListQuery& q) {
    return list_page(db, ListScope::kTopLevel, page, q);
}

Result<CommentPage> list_replies(Connection& db, domain::CommentId parent_id, const ListQuery& q) {
    return list_page(db, ListScope::kReplies, parent_id, q);
}

Result<std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>> first_replies(
    Connection& db, const std::vector<domain::CommentId>& parent_ids, int per_parent,
    const domain::Viewer& viewer, bool all_statuses) {
    std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>> out;
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
}

Result<std::int64_t> count_approved(Connection& db, std::string_view page) {
    auto r = db.run(kCountApproved, Params().add(page));
    if (!r) return r.error();
    return r->rows() > 0 ? r->int64(0, 0) : 0;
}

Result<std::vector<std::int64_t>> count_approved_many(Connection& db, const std::vector<std::string>& pages) {
    std::vector<std::int64_t> counts;
    if (pages.empty()) return counts;
    auto r = db.run(kCountApprovedMany, Params().add(text_array(pages)));
    if (!r) return r.error();
    counts.reserve(pages.size());
    for (int i = 0; i < r->rows(); ++i) counts.push_back(r->int64(i, 0));
    return counts;
}

Result<std::vector<domain::CommentEdit>> edit_history(Connection& db, domain::CommentId id) {
    auto r = db.run(kEditHistory, Params().add(id));
    if (!r) return r.error();
    if (r->rows() == 0) return comment_not_found();
    std::vector<domain::CommentEdit> edits;
    for (int i = 0; i < r->rows(); ++i) {
        if (r->is_null(i, 1)) continue;  // the comment's own row: no edits
        edits.push_back(edit_from_row(PgRow{*r, i}));
    }
    return edits;
}

}  // namespace tribune::store::postgres
