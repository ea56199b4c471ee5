#pragma once
// SQLite result codes as Tribune errors.

#include <string_view>

#include "domain/error.hpp"

struct sqlite3;

namespace tribune::store::sqlite {

/// Maps a failing SQLite result code to an Error whose message is safe to show: kUnavailable for
/// busy and locked (try again shortly), a full disk (store_errors' storage_full), I/O, read-only
/// and cannot-open (storage_failing), damage (database_damaged; the file is then noted damaged,
/// so its stores refuse writes); kConflict for a UNIQUE or PRIMARY KEY clash; kInvalid for other
/// constraints; kInternal otherwise. Logs the details (SQLite's message and `context`) through
/// the store log, rate-limited; they never reach the message. `db` may be null.
domain::Error sqlite_error(int rc, sqlite3* db, std::string_view context);

/// The error for "the database is busy or unreachable", for failures found outside SQLite.
domain::Error unavailable_error();

}  // namespace tribune::store::sqlite
