#pragma once
// How the SQLite queries pick one commenter's rows (domain::AuthorKey).

#include <string>

#include "domain/moderation.hpp"

namespace tribune::store::sqlite {

class Statement;

/// The WHERE term for the comments of `author`, whose key value is parameter ?1; it repeats the
/// partial index's condition so the planner may use comments_by_user, comments_by_token or
/// comments_by_email (an email key, which imported comments alone carry).
/// Precondition: !author.empty().
const char* author_comments_where(const domain::AuthorKey& author);

/// Binds the key value of `author` as parameter ?1.
void bind_author(Statement& st, const domain::AuthorKey& author);

/// The Report::reporter the author files under when identified by `author`: "u:<id>" or
/// "t:<token hash>"; "" for an email key (no report is filed under an email).
std::string reporter_of(const domain::AuthorKey& author);

}  // namespace tribune::store::sqlite
