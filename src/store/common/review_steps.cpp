#include "store/common/review_steps.hpp"

#include <algorithm>
#include <string>

#include "store/common/article_steps.hpp"
#include "store/common/coverage_steps.hpp"
#include "store/common/store_errors.hpp"

namespace tribune::store::review_steps {
namespace {

// Only a draft takes a request. PostgreSQL locks the row, so a save that takes the article out
// of draft (and clears its request) in a concurrent transaction is either seen here or waits.
const PortableSql kReviewedArticleStatus("SELECT status FROM articles WHERE id = CAST(?1 AS BIGINT)",
                                         "SELECT status FROM articles WHERE id = CAST(?1 AS BIGINT) FOR UPDATE");
// A request made again replaces the earlier one (its time and who asked).
const PortableSql kSetRequest(
    "INSERT INTO article_reviews (article_id, requested_at, requested_by)"
    " VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS TEXT))"
    " ON CONFLICT (article_id) DO UPDATE SET requested_at = excluded.requested_at,"
    " requested_by = excluded.requested_by");
const PortableSql kClearRequest("DELETE FROM article_reviews WHERE article_id = CAST(?1 AS BIGINT)");
const PortableSql kRequestOf(
    "SELECT requested_at, requested_by FROM article_reviews WHERE article_id = CAST(?1 AS BIGINT)");
const PortableSql kRequestsOfIds(
    "SELECT article_id, requested_at, requested_by FROM article_reviews WHERE article_id IN"
    " (SELECT CAST(value AS INTEGER) FROM json_each(CAST(?1 AS TEXT)))",
    "SELECT article_id, requested_at, requested_by FROM article_reviews"
    " WHERE article_id = ANY (CAST(translate(CAST(?1 AS TEXT), '[]', '{}') AS BIGINT[]))");

// The review queue: list_articles' filters (article_steps::list_filter, its parameters) over the
// articles that have a request, whose time and author follow the article's columns.
std::string review_queue(std::string_view time) {
    std::string s("SELECT ");
    s += article_steps::kArticleSelectColumns;
    s += ", r.requested_at, r.requested_by FROM article_reviews r JOIN articles a ON a.id = r.article_id"
         " LEFT JOIN sections s ON s.id = a.section_id WHERE ";
    s += article_steps::list_filter(time);
    return s;
}

const PortableSql kQueueByUpdated(review_queue("updated_at"));
const PortableSql kQueueByPublished(review_queue("published_at"));

constexpr int kMaxReviewList = 200;  // as list_articles

domain::ReviewRequest read_review_request(const SqlRows& r, int row, int first_column) {
    return {domain::from_micros(r.int64(row, first_column)), r.text(row, first_column + 1)};
}

}  // namespace

Result<void> set_request(SqlSession& db, std::int64_t article_id, const std::optional<domain::ReviewRequest>& request) {
    auto status = db.query(kReviewedArticleStatus, {article_id});
    if (!status) return status.error();
    if (status->rows() == 0) return article_not_found();
    if (request && status->text(0, 0) != domain::to_string(domain::ArticleStatus::kDraft))
        return domain::make_error(domain::ErrorCode::kConflict, "Not a draft",
                                  "only a draft is submitted for review: this article is already with the editors");
    auto r = request ? db.query(kSetRequest, {article_id, domain::to_micros(request->requested_at),
                                              std::string_view(request->requested_by)})
                     : db.query(kClearRequest, {article_id});
    if (!r) return r.error();
    return {};
}

Result<std::optional<domain::ReviewRequest>> request_of(SqlSession& db, std::int64_t article_id) {
    auto r = db.query(kRequestOf, {article_id});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<domain::ReviewRequest>{};
    return std::optional<domain::ReviewRequest>{read_review_request(*r, 0, 0)};
}

Result<std::vector<domain::Article>> list_for_review(SqlSession& db, const ArticleQuery& q) {
    const bool by_published = q.status == domain::ArticleStatus::kPublished;
    const std::string status(q.status ? domain::to_string(*q.status) : std::string_view{});
    const std::int64_t limit = std::clamp(q.limit, 1, kMaxReviewList);
    auto rows = db.query(by_published ? kQueueByPublished : kQueueByUpdated,
                         {std::string_view(status), std::string_view(q.section), std::string_view(q.tag),
                          std::string_view(q.author), std::string_view(q.exclude), std::int64_t{q.after ? 1 : 0},
                          q.after ? domain::to_micros(q.after->first) : std::int64_t{0},
                          q.after ? q.after->second : std::int64_t{0}, limit,
                          std::string_view(article_steps::like_pattern(q.title_contains))});
    if (!rows) return rows.error();
    std::vector<domain::Article> out;
    out.reserve(static_cast<std::size_t>(rows->rows()));
    for (int i = 0; i < rows->rows(); ++i) {
        out.push_back(article_steps::read_article(*rows, i));
        out.back().review = read_review_request(*rows, i, article_steps::kArticleColumnCount);
    }
    if (auto named = article_steps::attach_all_names(db, out); !named) return named.error();
    if (auto corrected = coverage_steps::attach_corrections(db, out); !corrected) return corrected.error();
    return out;
}

Result<void> settle_after_save(SqlSession& db, const domain::Article& saved) {
    if (saved.status == domain::ArticleStatus::kDraft) return {};
    auto r = db.query(kClearRequest, {saved.id});
    if (!r) return r.error();
    return {};
}

Result<void> attach_requests(SqlSession& db, std::vector<domain::Article>& articles) {
    if (articles.empty()) return {};
    std::string ids = "[";
    for (const auto& a : articles) {
        if (ids.size() > 1) ids += ',';
        ids += std::to_string(a.id);
    }
    ids += ']';
    auto r = db.query(kRequestsOfIds, {std::string_view(ids)});
    if (!r) return r.error();
    for (int i = 0; i < r->rows(); ++i) {
        const std::int64_t id = r->int64(i, 0);
        for (auto& a : articles) {
            if (a.id != id) continue;
            a.review = read_review_request(*r, i, 1);
            break;
        }
    }
    return {};
}

Result<void> insert_request(SqlSession& db, const domain::Article& a) {
    if (!a.review) return {};
    auto r = db.query(kSetRequest, {a.id, domain::to_micros(a.review->requested_at),
                                    std::string_view(a.review->requested_by)});
    if (!r) return r.error();
    return {};
}

}  // namespace tribune::store::review_steps
