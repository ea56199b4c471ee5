#pragma once
// Whole-file copies of a SQLite store, for `tribune backup` and `tribune restore`: SQLite's
// online backup API (a consistent copy while writers go on) plus the media files beside the
// database, and a check that no other process has a database open.

#include <cstdint>
#include <string>

#include "domain/error.hpp"

namespace tribune::store {

/// What copy_sqlite wrote.
struct SqliteCopy {
    std::int64_t pages = 0;       // database pages copied
    int restarts = 0;             // times a write to the source restarted the copy
    int schema_version = 0;       // the copy's highest applied migration
    std::int64_t media_files = 0;  // media files copied (every item the copy's media table names)
    std::int64_t media_bytes = 0;
};

/// The database file an sqlite:// URL names. Errors: kInvalid for another URL or no path.
domain::Result<std::string> sqlite_file(const std::string& url);

/// The media directory beside the database at `db_path` ("tribune.db" -> "tribune.db-media").
std::string sqlite_media_dir(const std::string& db_path);

/// Copies the database at `from` (which must exist) into `to` (created 0600 when missing,
/// replaced whole otherwise) with SQLite's online backup API, `pages_per_step` pages at a time
/// with a short pause between steps. In WAL mode a step only reads, so writers to `from` never
/// wait for it; a write between steps restarts the copy (as SQLite documents), and after a few
/// restarts the rest is copied in one step, which still lets writers go on. The result is one
/// consistent snapshot. Then copies into sqlite_media_dir(to) the file of every media item the
/// copy names (media files are never deleted, and are written before their row commits), each
/// checked for its recorded size. Errors: kNotFound for a missing `from` or media file;
/// kUnavailable for what cannot be read or written.
domain::Result<SqliteCopy> copy_sqlite(const std::string& from, const std::string& to, int pages_per_step);

/// Puts the copy at `path` (nobody else has it open) in rollback-journal mode, so that the one
/// file holds everything and reading it read-only creates no -wal or -shm file beside it.
/// Errors: kUnavailable.
domain::Result<void> seal_sqlite_copy(const std::string& path);

/// Whether another process has the database at `db_path` open (a running server): SQLite's
/// WAL readers hold a shared lock on the -shm file for as long as they are open. False when there
/// is no database or no -shm file. Errors: kUnavailable when the probe cannot run.
domain::Result<bool> sqlite_open_elsewhere(const std::string& db_path);

}  // namespace tribune::store
