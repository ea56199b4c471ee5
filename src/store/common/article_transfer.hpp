#pragma once
// The article tables in a whole-store export and import (TransferStore), written once over
// SqlSession: each engine's export_batch and import visitor call these.

#include <cstdint>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "store/article_types.hpp"
#include "store/common/sql_session.hpp"

namespace tribune::store::article_transfer {

using domain::Result;

/// Rows with id above `after_id`, in id order, at most `limit`; articles with their authors,
/// section and tags.
Result<std::vector<AuthorProfile>> export_authors(SqlSession& db, std::int64_t after_id, std::int64_t limit);
Result<std::vector<domain::Article>> export_articles(SqlSession& db, std::int64_t after_id, std::int64_t limit);
Result<std::vector<ArticleRevision>> export_revisions(SqlSession& db, std::int64_t after_id, std::int64_t limit);
/// The whole table (small: one row per changed slug), in old_slug byte order.
Result<std::vector<ArticleRedirect>> export_redirects(SqlSession& db);

/// Inserts one exported row as it is, id included (an article's names are linked by slug,
/// sections and tags made as they come).
Result<void> insert(SqlSession& db, const AuthorProfile& author);
Result<void> insert(SqlSession& db, const domain::Article& article);
Result<void> insert(SqlSession& db, const ArticleRevision& revision);
Result<void> insert(SqlSession& db, const ArticleRedirect& redirect);
/// Live updates in id order after `after_id` (common/coverage_steps.hpp), and one inserted as it is.
Result<std::vector<domain::LiveUpdate>> export_live_updates(SqlSession& db, std::int64_t after_id, std::int64_t limit);
Result<void> insert(SqlSession& db, const domain::LiveUpdate& update);

}  // namespace tribune::store::article_transfer
