#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tribune::domain {

/// Number of code points in `s` if it is well-formed UTF-8 (no overlongs, no surrogates,
/// nothing past U+10FFFF); nullopt otherwise.
std::optional<std::size_t> utf8_length(std::string_view s);

/// Whether `s` is well-formed UTF-8.
inline bool is_valid_utf8(std::string_view s) { return utf8_length(s).has_value(); }

/// Appends the UTF-8 bytes of code point `cp` (at most U+10FFFF; the caller checks).
void append_utf8(std::string& out, char32_t cp);

}  // namespace tribune::domain
