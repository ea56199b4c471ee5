#pragma once
// Result rows as domain values.

#include "domain/article.hpp"
#include "domain/comment.hpp"

namespace tribune::store::postgres {

class PgResult;

/// The comment in `row`, whose columns are sql::kCommentColumns from column 0.
domain::Comment read_comment(const PgResult& r, int row);

/// The article in `row`, whose columns are sql::kArticleColumns from column 0.
domain::Article read_article(const PgResult& r, int row);

}  // namespace tribune::store::postgres
