#pragma once
// The audit log: appended, listed newest first, and scrubbed only by erase_author (privacy.hpp).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/moderation.hpp"

namespace tribune::store::postgres {

class Connection;

/// Appends `e` under a new id (e.id is ignored) and returns it with that id.
domain::Result<domain::AuditEntry> append_audit(Connection& db, const domain::AuditEntry& e);

/// Newest first (by id), ids below `before_id` when given, at most `limit`; only entries whose
/// target is `target` when it is not empty.
domain::Result<std::vector<domain::AuditEntry>> list_audit(Connection& db,
                                                           std::optional<std::int64_t> before_id, int limit,
                                                           std::string_view target);

}  // namespace tribune::store::postgres
