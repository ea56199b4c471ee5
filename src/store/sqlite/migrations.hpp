#pragma once
// The SQLite schema, as numbered migrations compiled into the binary.

#include <span>
#include <string_view>

#include "domain/error.hpp"
#include "store/common/migration.hpp"

namespace tribune::store::sqlite {

class Connection;

/// Every migration, in order.
std::span<const Migration> migrations();

/// Applies the migrations `db` lacks, each in its own transaction, recording each in
/// `schema_migrations`. Running it again is a no-op. Errors: kUnavailable when the database is
/// busy, unwritable, or has a schema newer than this build knows.
domain::Result<void> migrate(Connection& db);

/// The highest applied migration version; 0 for a new database.
domain::Result<int> schema_version(Connection& db);

}  // namespace tribune::store::sqlite
