#pragma once
// SQL text shared by several files.

#include <string>
#include <string_view>

#include "domain/cursor.hpp"
#include "domain/moderation.hpp"
#include "store/common/columns.hpp"
#include "store/common/comment_rules.hpp"
#include "store/postgres/params.hpp"
#include "store/postgres/statement.hpp"

namespace tribune::store::postgres::sql {

using store::kCommentColumns;
using store::ListScope;
using store::Visibility;

/// One comment by id ($1).
const Statement& select_comment();

/// One comment by id ($1), row-locked for an update in this transaction.
const Statement& lock_comment();

/// The keyset list statement for a scope, order and visibility. Parameters:
///   $1 page (kTopLevel) or parent id (kReplies)
///   $2 exclusive start id: the cursor, or 0 (oldest) / INT64_MAX (newest) for the first page
///   $3 row limit
///   kDefault: $4 viewer's author token hash ('' for none), $5 viewer's user id (NULL for none)
///   kOneStatus: $4 the status, as text
const Statement& list_comments(ListScope scope, domain::SortOrder order, Visibility visibility);

/// The first replies of several parents, oldest first, columns kCommentColumns then the 1-based
/// position of the parent in $1. Parameters: $1 bigint[] parent ids, $2 rows per parent;
/// kDefault: $3 token hash, $4 user id. `visibility` is kDefault or kAll.
const Statement& first_replies(Visibility visibility);

/// One statement in three forms, selecting one author's comments by account, by token hash or by
/// the email an import kept: its SQL is `before`, then the author condition on parameter $`n`,
/// then `after`. The token form repeats the partial index's predicate (author_token_hash <> ''),
/// so an empty hash matches nothing and the index serves it; the email form likewise, with
/// comments_by_email.
class ByAuthor {
public:
    ByAuthor(std::string_view before, int n, std::string_view after);

    /// The form for `author`, who must not be empty.
    const Statement& of(const domain::AuthorKey& author) const;

private:
    Statement by_user_;
    Statement by_token_;
    Statement by_email_;
};

/// Adds the author's parameter for a ByAuthor statement: the user id, the token hash or the email.
void add_author(Params& params, const domain::AuthorKey& author);

}  // namespace tribune::store::postgres::sql
