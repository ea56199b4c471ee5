#pragma once
// Keyset pagination cursors: opaque to clients, checked on the way back in.

#include <string>
#include <string_view>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"

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

/// Where the next page of an article list starts: strictly before (time, id) in the list's
/// newest-first order (time: publication or last change, as the list is ordered).
struct ArticleCursor {
    Time time{};
    std::int64_t id = 0;
};

std::string encode_article_cursor(const ArticleCursor& c);

/// kMalformed (field "cursor") for anything encode_article_cursor did not make.
Result<ArticleCursor> decode_article_cursor(std::string_view text);

/// Where the next page of search results starts: the number of results before it (ranked
/// results have no key to continue after), 1 to search_limits::kMaxDepth.
std::string encode_search_cursor(int offset);

/// kMalformed (field "cursor") for anything encode_search_cursor did not make, or deeper than
/// search_limits::kMaxDepth.
Result<int> decode_search_cursor(std::string_view text);

}  // namespace tribune::domain
