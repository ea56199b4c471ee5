#pragma once
// The account role of the Store: staff accounts and their sessions. Every call blocks.

#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"

namespace tribune::store {

using domain::Result;

class AccountStore {
public:
    virtual ~AccountStore() = default;

    /// Creates an account; email is lower-cased by the caller. Errors: kConflict (email taken).
    virtual Result<domain::User> insert_user(const domain::NewUser& u) = 0;

    /// Errors: kNotFound.
    virtual Result<domain::User> get_user(domain::UserId id) = 0;

    /// The account with this (lower-cased) email. Errors: kNotFound.
    virtual Result<domain::User> find_user_by_email(std::string_view email) = 0;

    /// Every account, id order.
    virtual Result<std::vector<domain::User>> list_users() = 0;

    /// Saves name, role, password_hash and disabled of `u.id`. Errors: kNotFound.
    virtual Result<domain::User> update_user(const domain::User& u) = 0;

    virtual Result<void> insert_session(const domain::Session& s) = 0;

    /// The session with this token hash, if it has not expired at `now`. Errors: kNotFound.
    virtual Result<domain::Session> get_session(std::string_view token_hash, domain::Time now) = 0;

    /// Ends one session (no error when it is already gone).
    virtual Result<void> delete_session(std::string_view token_hash) = 0;

    /// Moves a session's end to `expires_at` (a staff session's idle deadline, renewed while it
    /// is used). No error when the session is gone.
    virtual Result<void> extend_session(std::string_view token_hash, domain::Time expires_at) = 0;

    /// Ends every session of an account.
    virtual Result<void> delete_user_sessions(domain::UserId user_id) = 0;
};

}  // namespace tribune::store
