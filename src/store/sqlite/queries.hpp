#pragma once
// SQL text shared by several files, and by the tests that check its query plans.

#include <string>
#include <string_view>

#include "domain/cursor.hpp"
#include "store/common/columns.hpp"
#include "store/common/comment_rules.hpp"

namespace tribune::store::sqlite::sql {

using store::kCommentColumns;
using store::ListScope;
using store::Visibility;

/// One comment by id (?1).
extern const std::string kSelectComment;

/// The keyset list query for a scope, order and visibility. Parameters:
///   ?1 page (kTopLevel) or parent id (kReplies)
///   ?2 exclusive start id: the cursor, or 0 (oldest) / INT64_MAX (newest) for the first page
///   ?3 row limit
///   kDefault: ?4 viewer's author token hash ('' for none), ?5 viewer's user id (NULL for none)
///   kOneStatus: ?4 the status, as text
/// The returned reference stays valid for the whole program.
const std::string& list_comments(ListScope scope, domain::SortOrder order, Visibility visibility);

}  // namespace tribune::store::sqlite::sql
