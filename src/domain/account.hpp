#pragma once
// Staff and reader accounts, and their login sessions.

#include <cstdint>
#include <string>
#include <string_view>

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
    /// The address was proved: an email sign-in link was used, an OpenID provider vouched for it
    /// (`email_verified`), or the newsroom's SSO token named it. Readers so marked show as
    /// "verified" next to their comments.
    bool email_verified = false;
    /// A short label the newsroom's SSO gives a reader ("Subscriber"), shown next to their name;
    /// "" for none. At most kMaxBadgeBytes.
    std::string badge;
    bool operator==(const User&) const = default;
};

inline constexpr std::size_t kMaxBadgeBytes = 40;

/// The address a reader account gets when its identity (SSO, OpenID) named no usable email:
/// "<hex>@accounts.invalid" (RFC 2606 reserves .invalid). Never mailed, shown as "no email".
bool is_placeholder_email(std::string_view email);

/// An account to create (id assigned by the store).
struct NewUser {
    std::string email;
    std::string name;
    Role role = Role::kReader;
    std::string password_hash;  // "" for readers who sign in without one (email link, SSO, OpenID)
    Time created_at{};
    bool email_verified = false;
    std::string badge;
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
