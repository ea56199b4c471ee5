#pragma once
// Column lists both engines select, in the order the row mappers (rows.hpp) read them.

#include <string_view>

namespace tribune::store {

/// The comment columns comment_from_row() expects, in this order.
inline constexpr std::string_view kCommentColumns =
    "id, page, parent_id, author_name, author_role, author_user_id, author_token_hash, text, status, "
    "created_at, edited_at, reply_count, ip_hash, filter_reason, featured, open_reports, author_badge, author_verified";

/// How many columns kCommentColumns names.
inline constexpr int kCommentColumnCount = 18;

}  // namespace tribune::store
