#pragma once
// The author profiles' steps of the article role, written once over SqlSession like
// article_steps: profiles as the newsroom edits them, and the one linked to each account.

#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/article_types.hpp"
#include "store/common/sql_session.hpp"

namespace tribune::store::author_steps {

using domain::Result;

/// The columns read_profile() reads, from authors.
extern const std::string_view kProfileColumns;
AuthorProfile read_profile(const SqlRows& rows, int row);

/// ArticleStore::author_for_user, inside a write transaction.
Result<AuthorProfile> for_user(SqlSession& db, std::int64_t user_id, std::string_view name, std::string_view slug);

/// ArticleStore::save_author, inside a write transaction.
Result<AuthorProfile> save(SqlSession& db, const AuthorProfile& profile);

/// ArticleStore::list_authors.
Result<std::vector<AuthorProfile>> list(SqlSession& db, std::string_view after_slug, int limit);

}  // namespace tribune::store::author_steps
