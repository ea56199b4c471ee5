#pragma once
// Articles: the write runs on the writer thread, the reads on a read-only connection.

#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"

namespace tribune::store::sqlite {

class Connection;
class Statement;

/// Binds the 11 stored fields of `a` after its id (kArticleColumns without id) from parameter
/// `first` on, media ones NULL when it has none.
void bind_article_fields(Statement& st, const domain::Article& a, int first);

/// Inserts `a` with a new id (a.id is ignored). Errors: kConflict for a taken slug.
domain::Result<domain::Article> insert_article(Connection& db, const domain::Article& a);

/// Errors: kNotFound.
domain::Result<domain::Article> get_article(Connection& db, std::string_view slug);

/// Newest first (published_at, then id).
domain::Result<std::vector<domain::Article>> list_articles(Connection& db, int limit);

/// Articles by `author` other than `exclude_slug`, newest first.
domain::Result<std::vector<domain::Article>> articles_by_author(Connection& db, std::string_view author,
                                                                std::string_view exclude_slug, int limit);

/// True when there are neither articles nor comments.
domain::Result<bool> is_empty(Connection& db);

}  // namespace tribune::store::sqlite
