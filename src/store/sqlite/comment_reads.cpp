#include "store/sqlite/comment_reads.hpp"

#include <algorithm>

#include "store/common/comment_rules.hpp"
#include "store/common/rows.hpp"
#include "store/common/store_errors.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/queries.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/snapshot.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::Result;
using sql::ListScope;
using sql::Visibility;

// Up to `max_rows` rows of a keyset list: `key` is the page (top level) or the parent id (replies).
template <class Key>
Result<std::vector<domain::Comment>> fetch(Connection& db, ListScope scope, const Key& key,
                                           const ListQuery& q, std::int64_t max_rows) {
    const Filter filter = filter_of(q.filter);
    auto st = db.prepare(sql::list_comments(scope, q.order, filter.visibility));
    if (!st) return st.error();
    st->bind(1, key).bind(2, start_id(q)).bind(3, max_rows);
    if (filter.visibility == Visibility::kDefault)
        st->bind(4, q.viewer.author_token_hash).bind(5, q.viewer.user_id);
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
    CommentPage page;
    page.comments = std::move(*rows);
    if (page.comments.size() > static_cast<std::size_t>(limit)) {
        page.comments.pop_back();
        page.has_more = true;
    }
    return page;
}

}  // namespace

Result<domain::Comment> get_comment(Connection& db, domain::CommentId id) {
    auto st = db.prepare(sql::kSelectComment);
    if (!st) return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return comment_not_found();
    return read_comment(*st);
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
    using Out = std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>;
    ListQuery q;
    q.order = domain::SortOrder::kOldest;
    q.viewer = viewer;
    q.filter = all_statuses ? StatusFilter::kAll : StatusFilter::kDefault;
    return in_snapshot(db, [&]() -> Result<Out> {
        Out out;
        out.reserve(parent_ids.size());
        for (domain::CommentId parent : parent_ids) {
            auto replies =
                fetch(db, ListScope::kReplies, parent, q, std::int64_t{std::max(per_parent, 0)} + 1);
            if (!replies) return replies.error();
            out.emplace_back(parent, std::move(*replies));
        }
        return out;
    });
}

Result<std::int64_t> count_approved(Connection& db, std::string_view page) {
    auto st = db.prepare("SELECT approved_count FROM threads WHERE page = ?1");
    if (!st) return st.error();
    st->bind(1, page);
    auto row = st->step();
    if (!row) return row.error();
    return *row ? st->int64(0) : 0;
}

Result<std::vector<std::int64_t>> count_approved_many(Connection& db, const std::vector<std::string>& pages) {
    return in_snapshot(db, [&]() -> Result<std::vector<std::int64_t>> {
        std::vector<std::int64_t> counts;
        counts.reserve(pages.size());
        for (const std::string& page : pages) {
            auto n = count_approved(db, page);
            if (!n) return n.error();
            counts.push_back(*n);
        }
        return counts;
    });
}

Result<std::vector<domain::CommentEdit>> edit_history(Connection& db, domain::CommentId id) {
    return in_snapshot(db, [&]() -> Result<std::vector<domain::CommentEdit>> {
        if (auto exists = get_comment(db, id); !exists) return exists.error();
        auto st = db.prepare(
            "SELECT text, replaced_at, edited_by FROM comment_edits WHERE comment_id = ?1 ORDER BY id");
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
}

Result<std::optional<domain::Time>> first_comment_at(Connection& db, std::string_view page) {
    auto st = db.prepare("SELECT min(created_at) FROM comments WHERE page = ?1 AND parent_id IS NULL");
    if (!st) return st.error();
    st->bind(1, page);
    auto row = st->step();
    if (!row) return row.error();
    auto micros = st->optional_int64(0);
    if (!micros) return std::optional<domain::Time>();
    return std::optional<domain::Time>(domain::from_micros(*micros));
}

}  // namespace tribune::store::sqlite
