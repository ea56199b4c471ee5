#pragma once
// The audit log. append_audit runs on the writer thread inside a group-commit batch; list_audit
// on a read-only connection. Semantics as documented in store/store.hpp.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/moderation.hpp"

namespace tribune::store::sqlite {

class Connection;

domain::Result<domain::AuditEntry> append_audit(Connection& db, const domain::AuditEntry& e);

/// Walks the id order, or audit_log_by_target for one target.
domain::Result<std::vector<domain::AuditEntry>> list_audit(Connection& db,
                                                           std::optional<std::int64_t> before_id, int limit,
                                                           std::string_view target);

/// Replaces before and after of every entry about `target` with {"erased":true}; returns how many.
domain::Result<std::int64_t> scrub_audit_target(Connection& db, std::string_view target);

}  // namespace tribune::store::sqlite
