#pragma once
// Author tokens: random secrets that let an anonymous author see and edit their comments.
// Only a hash of a token is stored.

#include <string>
#include <string_view>

namespace tribune::service {

/// A new random token (32 bytes, base64url).
std::string new_author_token();

/// Whether `token` has the shape new_author_token() makes.
bool is_author_token(std::string_view token);

/// The stored form: BLAKE2b-256 hex of the token.
std::string hash_author_token(std::string_view token);

/// Constant-time string equality, for secrets.
bool secret_equals(std::string_view a, std::string_view b);

}  // namespace tribune::service
