#pragma once
// From a database URL to a Store.

#include <memory>
#include <string>

#include "domain/error.hpp"
#include "store/store.hpp"

namespace tribune::store {

/// Opens the store a URL names: `sqlite:///abs/path/file.db` or `sqlite://relative/path.db`
/// opens a SqliteStore, creating the file's directory and applying migrations;
/// `postgres://user:pass@host:port/db` or `postgresql://...` (a libpq URL, passed as it is)
/// opens a PgStore, connecting and applying migrations.
/// Errors: kInvalid for an unknown or malformed URL; kUnavailable when the database cannot be
/// opened or reached.
Result<std::unique_ptr<Store>> open_store(const std::string& url);

/// The default URL for a data directory: "sqlite://" + data_dir + "/tribune.db".
std::string default_sqlite_url(const std::string& data_dir);

}  // namespace tribune::store
