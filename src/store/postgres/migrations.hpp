#pragma once
// The PostgreSQL schema, as numbered migrations compiled into the binary. Versions 1-4 hold the
// same tables and columns as the SQLite ones (store/sqlite/migrations.cpp), in PostgreSQL's
// dialect; 5 (write_receipts, for COMMITs in doubt) and 6 (live_events, the live bus's table:
// live/pg_bus.cpp) exist only here, as SQLite has no lost COMMIT answers and no bus between
// nodes. 7 (change_notices) is SQLite's 5. Each engine counts its own versions.

#include <span>
#include <string_view>

#include "domain/error.hpp"
#include "store/common/migration.hpp"

namespace tribune::store::postgres {

class Connection;

/// Every migration, in order.
std::span<const Migration> migrations();

/// Applies the migrations the database lacks, each in its own transaction, recording each in
/// `schema_migrations`. Holds a session advisory lock meanwhile, so nodes starting together
/// apply each migration once. Running it again is a no-op. Errors: kUnavailable when the
/// database fails or has a schema newer than this build knows (db.failure() tells whether a
/// retry may help).
domain::Result<void> migrate(Connection& db);

/// The highest applied migration version; 0 for a new database.
domain::Result<int> schema_version(Connection& db);

}  // namespace tribune::store::postgres
