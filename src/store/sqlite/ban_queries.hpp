#pragma once
// Bans. insert_ban and lift_ban run on the writer thread inside a group-commit batch; the others
// on a read-only connection. Semantics as documented in store/store.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "domain/moderation.hpp"

namespace tribune::store::sqlite {

class Connection;

domain::Result<domain::Ban> insert_ban(Connection& db, const domain::Ban& b);

/// The oldest active ban matching one of `keys` (one indexed lookup per key, in one snapshot).
domain::Result<std::optional<domain::Ban>> find_active_ban(
    Connection& db, const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now);

/// Newest (created_at, then id) first.
domain::Result<std::vector<domain::Ban>> list_active_bans(Connection& db, domain::Time now, int limit);

/// Lifting a lifted ban changes nothing. Errors: kNotFound.
domain::Result<domain::Ban> lift_ban(Connection& db, std::int64_t id);

/// Every ban on one identifier, lifted or not, id order (privacy export).
domain::Result<std::vector<domain::Ban>> bans_on(Connection& db, domain::BanKind kind,
                                                 const std::string& value);

}  // namespace tribune::store::sqlite
