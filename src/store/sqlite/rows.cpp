#include "store/sqlite/rows.hpp"

#include "store/common/rows.hpp"
#include "store/sqlite/statement.hpp"

namespace tribune::store::sqlite {

domain::Comment read_comment(const Statement& row, int first) { return comment_from_row(row, first); }

domain::Article read_article(const Statement& row) { return article_from_row(row); }

}  // namespace tribune::store::sqlite
