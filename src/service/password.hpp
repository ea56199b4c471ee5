#pragma once
// Passwords: Argon2id through libsodium (crypto_pwhash_str), interactive limits.

#include <optional>
#include <string>
#include <string_view>

namespace tribune::service {

inline constexpr std::size_t kMinPasswordBytes = 10;
inline constexpr std::size_t kMaxPasswordBytes = 1024;

/// The storable Argon2id string for `password`; nullopt when libsodium runs out of memory.
std::optional<std::string> hash_password(std::string_view password);

/// Whether `password` matches `stored` (an Argon2id string). False for anything malformed.
bool verify_password(std::string_view stored, std::string_view password);

/// Runs the same work as a failed verification, so a login for an unknown email takes as long
/// as one with a wrong password.
void burn_password_time(std::string_view password);

}  // namespace tribune::service
