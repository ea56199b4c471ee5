#pragma once
// Accounts and login sessions. Semantics as in store/store.hpp.

#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"

namespace tribune::store::postgres {

class Connection;

/// Creates an account (not disabled). Errors: kConflict when the email is taken.
domain::Result<domain::User> insert_user(Connection& db, const domain::NewUser& u);

/// Errors: kNotFound.
domain::Result<domain::User> get_user(Connection& db, domain::UserId id);

/// Exact match on the stored (lower-cased) email. Errors: kNotFound.
domain::Result<domain::User> find_user_by_email(Connection& db, std::string_view email);

/// Id order.
domain::Result<std::vector<domain::User>> list_users(Connection& db);

/// Saves name, role, password_hash and disabled; returns the account as stored. Errors: kNotFound.
domain::Result<domain::User> update_user(Connection& db, const domain::User& u);

/// Errors: kConflict for a token hash already stored.
domain::Result<void> insert_session(Connection& db, const domain::Session& s);

/// The session, unless it has expired at `now` (expires_at <= now). Errors: kNotFound.
domain::Result<domain::Session> get_session(Connection& db, std::string_view token_hash, domain::Time now);

domain::Result<void> delete_session(Connection& db, std::string_view token_hash);
domain::Result<void> extend_session(Connection& db, std::string_view token_hash, domain::Time expires_at);

domain::Result<void> delete_user_sessions(Connection& db, domain::UserId user_id);

}  // namespace tribune::store::postgres
