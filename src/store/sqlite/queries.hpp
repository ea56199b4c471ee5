#pragma once
// SQL text shared by several files, and by the tests that check its query plans.

#include <string>
#include <string_view>

#include "domain/cursor.hpp"

namespace tribune::store::sqlite::sql {

/// The comment columns read_comment() expects, in this order.
inline constexpr std::string_view kCommentColumns =
    "id, page, parent_id, author_name, author_role, author_user_id, author_token_hash, text, status, "
    "created_at, edited_at, reply_count";

/// One comment by id (?1).
extern const std::string kSelectComment;

/// Which comments a keyset list walks.
enum class ListScope { kTopLevel, kReplies };

/// Which statuses it keeps: the kDefault visibility rules, one status, or all of them.
enum class Visibility { kDefault, kOneStatus, kAll };

/// The keyset list query for a scope, order and visibility. Parameters:
///   ?1 page (kTopLevel) or parent id (kReplies)
///   ?2 exclusive start id: the cursor, or 0 (oldest) / INT64_MAX (newest) for the first page
///   ?3 row limit
///   kDefault: ?4 viewer's author token hash ('' for none), ?5 viewer's user id (NULL for none)
///   kOneStatus: ?4 the status, as text
/// The returned reference stays valid for the whole program.
const std::string& list_comments(ListScope scope, domain::SortOrder order, Visibility visibility);

}  // namespace tribune::store::sqlite::sql
