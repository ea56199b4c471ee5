#pragma once
// Keyset pagination cursors: opaque to clients, checked on the way back in.

#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "domain/error.hpp"

namespace tribune::domain {

enum class SortOrder { kOldest, kNewest };

/// Where the next page starts: strictly after `after_id` in `order`.
struct Cursor {
    SortOrder order = SortOrder::kOldest;
    CommentId after_id = 0;
};

/// Encodes a cursor as base64url text.
std::string encode_cursor(const Cursor& c);

/// Decodes a cursor; kMalformed (field "cursor") for anything encode_cursor did not make.
Result<Cursor> decode_cursor(std::string_view text);

}  // namespace tribune::domain
