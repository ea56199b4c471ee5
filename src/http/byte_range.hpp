#pragma once
// One HTTP byte range (RFC 9110 14.1.2) of a representation of a known size.

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace tribune::http {

/// One "bytes=first-last", "bytes=first-" or "bytes=-suffix" range (what media players send),
/// as inclusive first and last positions; nullopt when it can't be satisfied or is not one
/// range of bytes.
std::optional<std::pair<std::size_t, std::size_t>> byte_range(std::string_view header, std::size_t size);

}  // namespace tribune::http
