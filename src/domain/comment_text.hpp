#pragma once
// Validation of what a reader types: comment text, display name, page key.

#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/limits.hpp"

namespace tribune::domain {

/// Validates comment text and returns it normalised: line breaks as "\n", surrounding
/// whitespace trimmed. Refuses (kMalformed) invalid UTF-8; (kInvalid, field "text") empty text,
/// control characters other than tab and line breaks, and text over the limit.
Result<std::string> validate_comment_text(std::string_view text, const Limits& limits);

/// Validates a display name and returns it trimmed; blank becomes "No Name". Refuses
/// (kInvalid, field "author_name") control characters, line breaks and names over the limit.
Result<std::string> validate_author_name(std::string_view name, const Limits& limits);

/// Whether `s` holds C0 or C1 controls or DEL; a tab is always allowed, line breaks when told.
bool has_control_characters(std::string_view s, bool allow_line_breaks);

/// Whether `s` (valid UTF-8) holds marks, isolates or overrides that reorder text around them.
bool has_direction_controls(std::string_view s);

/// Validates a page key: 1..max_page_bytes of UTF-8 without control characters (field "page").
Result<std::string> validate_page_key(std::string_view page, const Limits& limits);

}  // namespace tribune::domain
