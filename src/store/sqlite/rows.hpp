#pragma once
// Table rows as domain values (store/common/rows.hpp over a Statement's current row).

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "store/common/columns.hpp"

namespace tribune::store::sqlite {

class Statement;

/// The comment in the current row, whose columns are kCommentColumns from column `first`.
domain::Comment read_comment(const Statement& row, int first = 0);

/// The article in the current row, whose columns are kArticleColumns from column 0.
domain::Article read_article(const Statement& row);

}  // namespace tribune::store::sqlite
