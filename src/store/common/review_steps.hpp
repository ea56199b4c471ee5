#pragma once
// Review requests (domain::ReviewRequest: an author's draft handed to the editors), written once
// over SqlSession in the SQL both engines run. Each engine's method opens its transaction (or
// read) and calls one of these; the article steps call them to list the review queue and to
// clear a request when a save takes the article out of draft.

#include <cstdint>
#include <optional>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "store/article_types.hpp"
#include "store/common/sql_session.hpp"

namespace tribune::store::review_steps {

using domain::Result;

/// ArticleStore::set_review_request, inside a write transaction. Only a draft takes a request
/// (kConflict otherwise), so no article out of draft ever holds one.
Result<void> set_request(SqlSession& db, std::int64_t article_id, const std::optional<domain::ReviewRequest>& request);
/// ArticleStore::review_request.
Result<std::optional<domain::ReviewRequest>> request_of(SqlSession& db, std::int64_t article_id);

/// ArticleStore::list_articles with query.for_review: the articles with a request, each with its
/// `review` set, filtered and ordered as list_articles' other lists (last change first; by
/// publication for a published list), after the cursor.
Result<std::vector<domain::Article>> list_for_review(SqlSession& db, const ArticleQuery& query);

/// Inside save_article's transaction: drops the request of an article saved in any status but
/// draft (an editor scheduled, published or unpublished it: the review is over).
Result<void> settle_after_save(SqlSession& db, const domain::Article& saved);

// Whole-store transfer (common/article_transfer.hpp): a request travels with its article.

/// Puts each article's request on it (one query for all of them).
Result<void> attach_requests(SqlSession& db, std::vector<domain::Article>& articles);
/// Inserts an exported article's request, when it has one.
Result<void> insert_request(SqlSession& db, const domain::Article& a);

}  // namespace tribune::store::review_steps
