#pragma once
// One canonical form of a commenter's email address, so that what an import keeps and what a
// privacy request names compare equal byte for byte.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tribune::domain {

/// The longest address kept or looked up (RFC 5321's path limit).
inline constexpr std::size_t kMaxEmailBytes = 254;

/// `raw` trimmed of ASCII white space and ASCII-lower-cased, when it has the shape of an address:
/// at most kMaxEmailBytes, well-formed UTF-8, one '@' with something on both sides, and no
/// white space, control character, '<', '>', '"', ',' or ';'. nullopt otherwise.
std::optional<std::string> canonical_email(std::string_view raw);

}  // namespace tribune::domain
