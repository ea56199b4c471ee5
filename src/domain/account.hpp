#pragma once
// Staff and reader accounts, and their login sessions.

#include <cstdint>
#include <string>

#include "domain/role.hpp"
#include "domain/time.hpp"

namespace tribune::domain {

using UserId = std::int64_t;

/// An account. `email` is stored lower-cased and unique; `password_hash` is an Argon2id string
/// (libsodium's crypto_pwhash_str format), never a password.
struct User {
    UserId id = 0;
    std::string email;
    std::string name;
    Role role = Role::kReader;
    std::string password_hash;
    Time created_at{};
    bool disabled = false;  // a disabled account cannot log in; its sessions are ended
    bool operator==(const User&) const = default;
};

/// An account to create (id assigned by the store).
struct NewUser {
    std::string email;
    std::string name;
    Role role = Role::kReader;
    std::string password_hash;
    Time created_at{};
};

/// A login session. The cookie carries a random token; only its hash is stored. `csrf_token`
/// must come back in X-CSRF-Token (or a form's hidden field) on every state-changing request.
struct Session {
    std::string token_hash;
    UserId user_id = 0;
    std::string csrf_token;
    Time created_at{};
    Time expires_at{};
};

}  // namespace tribune::domain
