#pragma once
// The comment rules both engines apply around their SQL: which list a query walks, what a write
// may do, and how it moves the approved counts. SQL dialects stay in each engine.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "store/comment_types.hpp"

namespace tribune::store {

/// Limits are checked by callers; this only keeps a bad one from asking for nothing or everything.
inline constexpr int kMaxListLimit = 1000;

/// Which comments a keyset list walks.
enum class ListScope { kTopLevel, kReplies };

/// Which statuses it keeps: the kDefault visibility rules, one status, or all of them.
enum class Visibility { kDefault, kOneStatus, kAll };

/// Slot of a (scope, order, visibility) list query in a table of kListQueryCount.
inline constexpr int kListQueryCount = 12;
constexpr int list_query_index(ListScope scope, domain::SortOrder order, Visibility visibility) {
    return (static_cast<int>(scope) * 2 + static_cast<int>(order)) * 3 + static_cast<int>(visibility);
}

/// A StatusFilter as the list queries take it.
struct Filter {
    Visibility visibility;
    std::string_view status;  // for kOneStatus
};
Filter filter_of(StatusFilter f);

/// The exclusive start id of a keyset page: the cursor, or one past either end (ids are >= 1).
std::int64_t start_id(const ListQuery& q);

/// The comment insert_comment() returns for `c` once stored under `id`.
domain::Comment stored_comment(const domain::NewComment& c, domain::CommentId id);

/// Whether edit_comment may change `current`. Errors: kConflict when it is deleted.
domain::Result<void> check_editable(const domain::Comment& current);

/// Whether set_status may move `current` to `to`: false when it is already there (nothing to do).
/// Errors: kInvalid for kDeleted (delete_comment does that); kConflict when it is deleted, or when
/// `seen_version` is given and the text is no longer that version.
domain::Result<bool> check_status_change(const domain::Comment& current, domain::CommentStatus to,
                                         const std::optional<std::string>& seen_version);

/// The status and reason an edit with `hold_reason` leaves `current` with (see
/// Store::edit_comment); nullopt when the edit changes neither.
struct HeldEdit {
    domain::CommentStatus status;
    std::string reason;
};
std::optional<HeldEdit> held_edit(const domain::Comment& current, const std::optional<std::string>& hold_reason);

/// What a move from `from` to `to` adds to the approved counts: +1, -1 or 0.
std::int64_t approved_delta(domain::CommentStatus from, domain::CommentStatus to);

/// `c` as delete_comment leaves it: status kDeleted, text, author name, badge and verified mark cleared.
void make_tombstone(domain::Comment& c);

}  // namespace tribune::store
