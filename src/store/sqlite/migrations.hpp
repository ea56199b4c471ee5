#pragma once
// The SQLite schema, as numbered migrations compiled into the binary.

#include <span>
#include <string_view>

#include "domain/error.hpp"

namespace tribune::store::sqlite {

class Connection;

/// One schema change. Versions start at 1 and increase by one; a released migration never changes.
struct Migration {
    int version;
    std::string_view name;
    const char* sql;
};

/// Every migration, in order.
std::span<const Migration> migrations();

/// Applies the migrations `db` lacks, each in its own transaction, recording each in
/// `schema_migrations`. Running it again is a no-op. Errors: kUnavailable when the database is
/// busy, unwritable, or has a schema newer than this build knows.
domain::Result<void> migrate(Connection& db);

/// The highest applied migration version; 0 for a new database.
domain::Result<int> schema_version(Connection& db);

}  // namespace tribune::store::sqlite
