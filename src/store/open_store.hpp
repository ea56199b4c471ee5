#pragma once
// From a database URL to a Store.

#include <memory>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "store/store.hpp"

namespace tribune::store {

/// Opens the store a URL names: `sqlite:///abs/path/file.db` or `sqlite://relative/path.db`
/// opens a SqliteStore, creating the file's directory and applying migrations;
/// `postgres://user:pass@host:port/db` or `postgresql://...` (a libpq URL, passed as it is)
/// opens a PgStore, connecting and applying migrations.
/// Errors: kInvalid for an unknown or malformed URL; kUnavailable when the database cannot be
/// opened or reached. The permanent causes (a damaged SQLite file, a directory or read-only path,
/// a schema from a newer Tribune) are titled as such and say what to do, for the start-up log.
Result<std::unique_ptr<Store>> open_store(const std::string& url);

/// `tribune check`: SQLite's full integrity check of the file an sqlite:// URL names, opened
/// read-only (nothing is created, migrated or written). Returns the problems found, at most
/// `max_problems`; empty means the file is sound. Errors: kInvalid for a URL that is not
/// sqlite:// (PostgreSQL checks its own pages); kNotFound when there is no file; kUnavailable
/// when it cannot be read.
Result<std::vector<std::string>> check_store(const std::string& url, int max_problems);

/// The default URL for a data directory: "sqlite://" + data_dir + "/tribune.db".
std::string default_sqlite_url(const std::string& data_dir);

}  // namespace tribune::store
