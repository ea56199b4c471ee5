#include "store/postgres/desk_queries.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <string_view>

#include "store/common/comment_rules.hpp"
#include "store/common/store_errors.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

constexpr int kMaxTexts = 1000;
constexpr std::string_view kReported = "reported";

std::string_view queue_name(Queue q) {
    switch (q) {
        case Queue::kPending: return "pending";
        case Queue::kReported: return kReported;
        case Queue::kApproved: return "approved";
        case Queue::kRejected: return "rejected";
        case Queue::kSpam: return "spam";
        case Queue::kDeleted: return "deleted";
    }
    return "pending";
}

// The queue list for an order and a kind (one status, or reported). Parameters: $1 the status or
// min_reports, $2 exclusive start id, $3 text substring, $4 author substring, $5 page ('' for
// any), $6 row limit. Substrings match case-insensitively in ASCII only: lower() under COLLATE
// "C" folds A-Z alone, as SQLite's lower() does, whatever the database's locale. strpos, not
// LIKE, so '%' and '_' in a search are plain characters.
std::string build_queue(domain::SortOrder order, bool reported) {
    const bool newest = order == domain::SortOrder::kNewest;
    std::string s("SELECT ");
    s += sql::kCommentColumns;
    // "open_reports > 0" repeats the partial index's predicate so the planner may use it.
    s += reported ? " FROM comments WHERE open_reports >= $1::bigint AND open_reports > 0"
                  : " FROM comments WHERE status = $1::text";
    s += newest ? " AND id < $2::bigint" : " AND id > $2::bigint";
    s += " AND ($3::text = '' OR strpos(lower(text COLLATE \"C\"), lower($3::text COLLATE \"C\")) > 0)"
         " AND ($4::text = '' OR strpos(lower(author_name COLLATE \"C\"), lower($4::text COLLATE \"C\")) > 0)"
         " AND ($5::text = '' OR page = $5::text)";
    s += newest ? " ORDER BY id DESC" : " ORDER BY id ASC";
    s += " LIMIT $6::bigint";
    return s;
}

const Statement& queue_statement(domain::SortOrder order, bool reported) {
    static const std::array<std::unique_ptr<Statement>, 4> all = [] {
        std::array<std::unique_ptr<Statement>, 4> a;
        for (auto o : {domain::SortOrder::kOldest, domain::SortOrder::kNewest})
            for (bool r : {false, true})
                a[static_cast<std::size_t>(o) * 2 + r] = std::make_unique<Statement>(build_queue(o, r));
        return a;
    }();
    return *all[static_cast<std::size_t>(order) * 2 + reported];
}

// The reported count is an uncorrelated subquery: computed once, and only when asked for.
const Statement kCountQueues(
    "SELECT CASE WHEN q.name = 'reported'"
    " THEN (SELECT count(*) FROM comments WHERE open_reports >= $2::bigint AND open_reports > 0)"
    " ELSE (SELECT count(*) FROM comments WHERE status = q.name) END"
    " FROM unnest($1::text[]) WITH ORDINALITY AS q (name, ord) ORDER BY q.ord");

const Statement kSetFeatured([] {
    std::string s("UPDATE comments SET featured = $2::smallint WHERE id = $1::bigint RETURNING ");
    s += sql::kCommentColumns;
    return s;
}());

const sql::ByAuthor kAuthorStats(
    "SELECT count(*) FILTER (WHERE status = 'approved'), count(*) FILTER (WHERE status = 'pending'),"
    " count(*) FILTER (WHERE status = 'rejected'), count(*) FILTER (WHERE status = 'spam'),"
    " count(*) FILTER (WHERE status = 'deleted') FROM comments WHERE ",
    1, "");

// Deleted comments have no text left to compare.
const sql::ByAuthor kRecentTexts("SELECT text FROM comments WHERE ", 1,
                                 " AND created_at >= $2::bigint AND status <> 'deleted'"
                                 " ORDER BY created_at DESC, id DESC LIMIT $3::bigint");

}  // namespace

Result<domain::Comment> set_featured(Connection& db, domain::CommentId id, bool featured) {
    auto r = db.run(kSetFeatured, Params().add(id).add(std::int64_t{featured ? 1 : 0}));
    if (!r) return r.error();
    if (r->rows() == 0) return comment_not_found();
    return read_comment(*r, 0);
}

Result<CommentPage> list_queue(Connection& db, const QueueQuery& q) {
    const int limit = std::clamp(q.limit, 1, kMaxListLimit);
    const bool reported = q.queue == Queue::kReported;
    const bool newest = q.order == domain::SortOrder::kNewest;
    const std::int64_t start = q.after_id ? *q.after_id
                               : newest   ? std::numeric_limits<std::int64_t>::max()
                                          : 0;

    Params params;
    if (reported) {
        params.add(q.min_reports);
    } else {
        params.add(queue_name(q.queue));
    }
    params.add(start).add(q.text_contains).add(q.author_contains).add(q.page).add(std::int64_t{limit} + 1);
    auto r = db.run(queue_statement(q.order, reported), params);
    if (!r) return r.error();
    CommentPage page;
    const int rows = std::min(r->rows(), limit);
    page.comments.reserve(static_cast<std::size_t>(rows));
    for (int i = 0; i < rows; ++i) page.comments.push_back(read_comment(*r, i));
    page.has_more = r->rows() > limit;
    return page;
}

Result<std::vector<std::int64_t>> count_queues(Connection& db, const std::vector<Queue>& queues,
                                               std::int64_t min_reports) {
    std::vector<std::int64_t> counts;
    if (queues.empty()) return counts;
    std::vector<std::string> names;
    names.reserve(queues.size());
    for (Queue q : queues) names.emplace_back(queue_name(q));
    auto r = db.run(kCountQueues, Params().add(text_array(names)).add(min_reports));
    if (!r) return r.error();
    counts.reserve(queues.size());
    for (int i = 0; i < r->rows(); ++i) counts.push_back(r->int64(i, 0));
    return counts;
}

Result<domain::AuthorStats> author_stats(Connection& db, const domain::AuthorKey& author) {
    if (author.empty()) return domain::AuthorStats{};
    Params params;
    sql::add_author(params, author);
    auto r = db.run(kAuthorStats.of(author), params);
    if (!r) return r.error();
    domain::AuthorStats stats;
    stats.approved = r->int64(0, 0);
    stats.pending = r->int64(0, 1);
    stats.rejected = r->int64(0, 2);
    stats.spam = r->int64(0, 3);
    stats.deleted = r->int64(0, 4);
    return stats;
}

Result<std::vector<std::string>> recent_texts(Connection& db, const domain::AuthorKey& author,
                                              domain::Time since, int limit) {
    std::vector<std::string> texts;
    if (author.empty()) return texts;
    Params params;
    sql::add_author(params, author);
    params.add(domain::to_micros(since)).add(std::int64_t{std::clamp(limit, 0, kMaxTexts)});
    auto r = db.run(kRecentTexts.of(author), params);
    if (!r) return r.error();
    texts.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) texts.push_back(r->text(i, 0));
    return texts;
}

}  // namespace tribune::store::postgres
