#pragma once
// Logged-in staff and readers: logging in (Argon2id, rate limits), the session behind a token,
// its renewal while used, logging out. The transport (http/session_auth.cpp) reads the cookie
// and checks CSRF; this is what it asks.

#include <optional>
#include <string>
#include <string_view>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/session_cache.hpp"

namespace tribune::service {

struct Login {
    domain::User user;
    std::string token;       // for the cookie
    std::string csrf_token;
};

/// Checks email and password (Argon2id) and opens a session. Errors: kUnauthenticated (wrong
/// email or password, or a disabled account: the same answer), kRateLimited (too many attempts
/// from this address or for this email), kInvalid (missing fields), kUnavailable (too many
/// password checks at once).
domain::Result<Login> log_in(Context& ctx, std::string_view email, std::string_view password,
                             const std::string& client_ip);

/// Opens a session for `user` (already proved: a password, a sign-in link, a token another
/// system signed). Errors: kUnauthenticated for a disabled account; the store's.
domain::Result<Login> open_session(Context& ctx, const domain::User& user);

/// Ends the actor's session (nothing when it has none).
domain::Result<void> log_out(Context& ctx, const Actor& who);

/// The live session behind `token_hash` (from this node's cache or the store), its end renewed
/// as it is used; nullopt when there is none (unknown, expired, or its user disabled).
domain::Result<std::optional<CachedSession>> find_session(Context& ctx, const std::string& token_hash);

/// Like find_session from this node's cache only, without renewing: for I/O threads, which must
/// not wait on the store.
std::optional<CachedSession> recent_session(Context& ctx, const std::string& token_hash);

}  // namespace tribune::service
