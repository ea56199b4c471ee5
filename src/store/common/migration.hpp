#pragma once
// Migration bookkeeping both engines share; each engine keeps its own SQL and transactions.

#include <cstdint>
#include <span>
#include <string_view>

#include "domain/error.hpp"

namespace tribune::store {

/// One schema change. Versions start at 1 and increase by one; a released migration never changes.
struct Migration {
    int version;
    std::string_view name;
    const char* sql;
};

/// Microseconds since the epoch now: schema_migrations.applied_at.
std::int64_t now_micros();

/// Applies, in order, each migration of `all` above `applied` (the schema's version now) with
/// `apply(const Migration&) -> Result<void>`, stopping at the first failure. Errors: apply's, or
/// schema_too_new() when the schema is newer than this build knows.
template <class Apply>
domain::Result<void> apply_pending(std::span<const Migration> all, int applied, Apply&& apply);

/// kUnavailable: the store's schema `applied` is newer than the newest this build knows
/// (`known`): a newer Tribune wrote it. Says what to do; for the operator, at start.
domain::Error schema_too_new(int applied, int known);

template <class Apply>
domain::Result<void> apply_pending(std::span<const Migration> all, int applied, Apply&& apply) {
    const int known = all.empty() ? 0 : all.back().version;
    if (applied > known) return schema_too_new(applied, known);
    for (const Migration& m : all) {
        if (m.version <= applied) continue;
        if (auto ok = apply(m); !ok) return ok.error();
    }
    return {};
}

}  // namespace tribune::store
