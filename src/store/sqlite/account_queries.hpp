#pragma once
// Accounts and login sessions. Writes run on the writer thread inside a group-commit batch;
// reads on a read-only connection. Semantics as documented in store/store.hpp.

#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"

namespace tribune::store::sqlite {

class Connection;

/// Errors: kConflict (email taken).
domain::Result<domain::User> insert_user(Connection& db, const domain::NewUser& u);

/// Errors: kNotFound.
domain::Result<domain::User> get_user(Connection& db, domain::UserId id);

/// Errors: kNotFound.
domain::Result<domain::User> find_user_by_email(Connection& db, std::string_view email);

domain::Result<std::vector<domain::User>> list_users(Connection& db);

/// Saves name, role, password_hash and disabled. Errors: kNotFound.
domain::Result<domain::User> update_user(Connection& db, const domain::User& u);

/// Errors: kConflict for a token hash in use; kInvalid for an unknown user.
domain::Result<void> insert_session(Connection& db, const domain::Session& s);

/// Errors: kNotFound, also once expired at `now`.
domain::Result<domain::Session> get_session(Connection& db, std::string_view token_hash, domain::Time now);

domain::Result<void> delete_session(Connection& db, std::string_view token_hash);
domain::Result<void> extend_session(Connection& db, std::string_view token_hash, domain::Time expires_at);

domain::Result<void> delete_user_sessions(Connection& db, domain::UserId user_id);

/// Removes the account and its sessions; false when there was none.
domain::Result<bool> delete_user(Connection& db, domain::UserId id);

}  // namespace tribune::store::sqlite
