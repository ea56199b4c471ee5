#pragma once
// SQLite's own consistency checks, bounded in time.

#include <functional>
#include <string>
#include <vector>

#include "domain/error.hpp"

namespace tribune::store::sqlite {

class Connection;

enum class CheckDepth {
    kQuick,  // PRAGMA quick_check: every page and b-tree, not index contents; O(size of file)
    kFull,   // PRAGMA integrity_check: also that each index matches its table
};

/// What a check found.
struct IntegrityReport {
    bool finished = true;               // false: `stop` ended it first
    std::vector<std::string> problems;  // SQLite's words, at most max_problems; empty: ok
};

/// Runs the check on `db` (a connection nobody else uses meanwhile), reporting at most
/// `max_problems` problems. A file that is not a database, or so damaged the check cannot run,
/// is reported as a problem, not an error. `stop`, when given, is asked every 5 ms (from another
/// thread) and ends the check early when it answers true (finished = false).
/// Errors: kUnavailable when the file cannot be read at all (busy, I/O).
domain::Result<IntegrityReport> check_integrity(Connection& db, CheckDepth depth, int max_problems,
                                               const std::function<bool()>& stop = {});

/// `tribune check`: the full check (PRAGMA integrity_check) of the database file at `path`,
/// opened read-only (nothing is created, migrated or written), reporting at most `max_problems`.
/// Errors: kNotFound when there is no file at `path`; kUnavailable when it cannot be read.
domain::Result<IntegrityReport> check_file(const std::string& path, int max_problems);

}  // namespace tribune::store::sqlite
