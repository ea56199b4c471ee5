#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tribune::domain {

/// Base64url without padding (RFC 4648 section 5).
std::string base64url_encode(std::string_view bytes);

/// Inverse of base64url_encode; nullopt on any character or length it would not produce.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace tribune::domain
