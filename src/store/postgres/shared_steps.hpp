#pragma once
// Steps that several PgStore bodies run on the connection they already hold (inside their own
// read or transaction), so one body never calls another Store method and takes a second
// connection.

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/error.hpp"

namespace tribune::store::postgres {

class Connection;
class Params;

/// The account with `id`. Errors: kNotFound.
domain::Result<domain::User> user_by_id(Connection& db, domain::UserId id);

/// Ends every session of an account.
domain::Result<void> end_user_sessions(Connection& db, domain::UserId user_id);

/// True when no article and no comment was ever stored.
domain::Result<bool> nothing_stored(Connection& db);

}  // namespace tribune::store::postgres
