#pragma once
// What SQLite's own answers leave unsaid when a database cannot be opened for writing.

#include <optional>
#include <string>

#include "domain/error.hpp"

namespace tribune::store::sqlite {

/// Why `path` cannot hold a database Tribune writes, found before SQLite opens it ("unable to
/// open database file" or "attempt to write a readonly database" say neither which file nor
/// why): the path is a directory or not a regular file; its directory (which must take the -wal
/// and -shm files) or the file or its -wal/-shm are read-only or not writable by this user.
/// nullopt when none of these holds. The errors (kUnavailable) name the path: they are for the
/// operator, at start.
std::optional<domain::Error> check_database_path(const std::string& path);

/// The start-up error for a failure to open or set up `path` (`e` as sqlite_error made it):
/// a damaged file, a full disk and an unwritable file are named as such, with what to do;
/// anything else stays as it is.
domain::Error explain_open_failure(const domain::Error& e, const std::string& path);

}  // namespace tribune::store::sqlite
