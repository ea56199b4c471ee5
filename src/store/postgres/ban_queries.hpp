#pragma once
// Bans on accounts, author tokens and IP hashes. Semantics as in store/store.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "domain/moderation.hpp"

namespace tribune::store::postgres {

class Connection;

/// Stores `b` under a new id (b.id is ignored) and returns it with that id.
domain::Result<domain::Ban> insert_ban(Connection& db, const domain::Ban& b);

/// The lowest-id ban active at `now` matching one of `keys`; nullopt when none does. One statement.
domain::Result<std::optional<domain::Ban>> find_active_ban(
    Connection& db, const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now);

/// Bans active at `now`, newest first (created_at, then id), at most `limit`.
domain::Result<std::vector<domain::Ban>> list_active_bans(Connection& db, domain::Time now, int limit);

/// Marks a ban lifted (lifting twice is a no-op) and returns it. Errors: kNotFound.
domain::Result<domain::Ban> lift_ban(Connection& db, std::int64_t id);

}  // namespace tribune::store::postgres
