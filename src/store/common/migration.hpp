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
/// `too_new` when the schema is newer than this build knows (logged to stderr).
template <class Apply>
domain::Result<void> apply_pending(std::span<const Migration> all, int applied, const domain::Error& too_new,
                                   Apply&& apply);

/// Logs that schema version `applied` is newer than `known`.
void log_schema_too_new(int applied, int known);

template <class Apply>
domain::Result<void> apply_pending(std::span<const Migration> all, int applied, const domain::Error& too_new,
                                   Apply&& apply) {
    const int known = all.empty() ? 0 : all.back().version;
    if (applied > known) {
        log_schema_too_new(applied, known);
        return too_new;
    }
    for (const Migration& m : all) {
        if (m.version <= applied) continue;
        if (auto ok = apply(m); !ok) return ok.error();
    }
    return {};
}

}  // namespace tribune::store
