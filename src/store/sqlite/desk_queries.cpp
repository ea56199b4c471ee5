#include "store/sqlite/desk_queries.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>

#include "store/common/columns.hpp"
#include "store/common/comment_rules.hpp"
#include "store/sqlite/author_sql.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/snapshot.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::Result;

constexpr int kMaxRecentTexts = 1000;

std::string_view status_of(Queue queue) {
    switch (queue) {
        case Queue::kPending: return "pending";
        case Queue::kApproved: return "approved";
        case Queue::kRejected: return "rejected";
        case Queue::kSpam: return "spam";
        case Queue::kDeleted: return "deleted";
        case Queue::kReported: return {};
    }
    return {};
}

// The queue query for `q`'s shape. Parameters: ?1 the status (or min_reports for kReported),
// ?2 the exclusive start id, ?3 the row limit, then ?4 text, ?5 author, ?6 page for the filters
// in use. lower() folds ASCII only, which is what the contract asks; instr() needs no escaping.
std::string queue_sql(const QueueQuery& q) {
    const bool newest = q.order == domain::SortOrder::kNewest;
    std::string s = "SELECT ";
    s += kCommentColumns;
    s += " FROM comments WHERE ";
    s += q.queue == Queue::kReported ? "open_reports > 0 AND open_reports >= ?1" : "status = ?1";
    s += newest ? " AND id < ?2" : " AND id > ?2";
    if (!q.text_contains.empty()) s += " AND instr(lower(text), lower(?4)) > 0";
    if (!q.author_contains.empty()) s += " AND instr(lower(author_name), lower(?5)) > 0";
    if (!q.page.empty()) s += " AND page = ?6";
    s += newest ? " ORDER BY id DESC" : " ORDER BY id ASC";
    s += " LIMIT ?3";
    return s;
}

// The approved queue is most of the store: the threads' stored counts answer it in O(threads).
Result<std::int64_t> count_one(Connection& db, Queue queue, std::int64_t min_reports) {
    const char* sql = "SELECT count(*) FROM comments WHERE status = ?1";
    if (queue == Queue::kApproved) sql = "SELECT coalesce(sum(approved_count), 0) FROM threads";
    if (queue == Queue::kReported)
        sql = "SELECT count(*) FROM comments WHERE open_reports > 0 AND open_reports >= ?1";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    if (queue == Queue::kReported) st->bind(1, min_reports);
    else if (queue != Queue::kApproved) st->bind(1, status_of(queue));
    auto row = st->step();
    if (!row) return row.error();
    return st->int64(0);
}

}  // namespace

Result<CommentPage> list_queue(Connection& db, const QueueQuery& q) {
    const int limit = std::clamp(q.limit, 1, kMaxListLimit);
    auto st = db.prepare(queue_sql(q));
    if (!st) return st.error();
    if (q.queue == Queue::kReported) st->bind(1, q.min_reports);
    else st->bind(1, status_of(q.queue));
    const bool newest = q.order == domain::SortOrder::kNewest;
    st->bind(2, q.after_id.value_or(newest ? std::numeric_limits<std::int64_t>::max() : 0));
    st->bind(3, std::int64_t{limit} + 1);  // one extra row tells has_more
    if (!q.text_contains.empty()) st->bind(4, q.text_contains);
    if (!q.author_contains.empty()) st->bind(5, q.author_contains);
    if (!q.page.empty()) st->bind(6, q.page);

    auto rows = collect<domain::Comment>(*st, [](const Statement& row) { return read_comment(row); });
    if (!rows) return rows.error();
    CommentPage page;
    page.comments = std::move(*rows);
    if (page.comments.size() > static_cast<std::size_t>(limit)) {
        page.comments.pop_back();
        page.has_more = true;
    }
    return page;
}

Result<std::vector<std::int64_t>> count_queues(Connection& db, const std::vector<Queue>& queues,
                                               std::int64_t min_reports) {
    return in_snapshot(db, [&]() -> Result<std::vector<std::int64_t>> {
        std::vector<std::int64_t> counts;
        counts.reserve(queues.size());
        for (Queue queue : queues) {
            auto n = count_one(db, queue, min_reports);
            if (!n) return n.error();
            counts.push_back(*n);
        }
        return counts;
    });
}

Result<domain::AuthorStats> author_stats(Connection& db, const domain::AuthorKey& author) {
    domain::AuthorStats stats;
    if (author.empty()) return stats;
    std::string sql = "SELECT status, count(*) FROM comments WHERE ";
    sql += author_comments_where(author);
    sql += " GROUP BY status";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    bind_author(*st, author);
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) return stats;
        const std::int64_t n = st->int64(1);
        switch (domain::parse_status(st->text(0)).value_or(domain::CommentStatus::kPending)) {
            case domain::CommentStatus::kApproved: stats.approved = n; break;
            case domain::CommentStatus::kPending: stats.pending = n; break;
            case domain::CommentStatus::kRejected: stats.rejected = n; break;
            case domain::CommentStatus::kSpam: stats.spam = n; break;
            case domain::CommentStatus::kDeleted: stats.deleted = n; break;
        }
    }
}

Result<std::vector<std::string>> recent_texts(Connection& db, const domain::AuthorKey& author,
                                              domain::Time since, int limit) {
    if (author.empty()) return std::vector<std::string>{};
    std::string sql = "SELECT text FROM comments WHERE ";
    sql += author_comments_where(author);
    sql += " AND created_at >= ?2 AND status <> 'deleted' ORDER BY created_at DESC, id DESC LIMIT ?3";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    bind_author(*st, author);
    st->bind(2, domain::to_micros(since)).bind(3, std::int64_t{std::clamp(limit, 0, kMaxRecentTexts)});
    return collect<std::string>(*st, [](const Statement& row) { return row.text(0); });
}

}  // namespace tribune::store::sqlite
