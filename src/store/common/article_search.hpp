#pragma once
// ArticleStore::search_articles, written once over SqlSession: the engines differ only in the
// text of the one statement (SQLite FTS5 with bm25, PostgreSQL tsvector with ts_rank_cd).

#include <string>
#include <vector>

#include "domain/error.hpp"
#include "store/article_types.hpp"
#include "store/common/sql_session.hpp"

namespace tribune::store::article_search {

/// ArticleStore::search_articles, inside a read.
domain::Result<std::vector<SearchHit>> search(SqlSession& db, const SearchQuery& query);

/// The FTS5 MATCH text for `words`: each word a quoted phrase ("harbour" "reopens"), so no
/// word is read as an operator (AND, OR, NOT, NEAR), a column filter or a prefix.
std::string fts5_terms(const std::vector<std::string>& words);

}  // namespace tribune::store::article_search
