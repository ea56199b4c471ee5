#pragma once
// Whether this process may still use one SQLite database, and why not.

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"

struct sqlite3;

namespace tribune::store::sqlite {

/// The state a SqliteStore consults before each call. Damage (SQLITE_CORRUPT or SQLITE_NOTADB on
/// any connection to the file, or a failed integrity check) refuses writes, so nothing more is
/// written into a broken file; reads go on where they can. A fault in the -shm mapping
/// (shm_fault_guard) refuses reads and writes until a restart. Each refusal is logged once, as
/// critical. Thread-safe.
class StoreHealth {
public:
    /// `path`: the database file as SQLite names it (sqlite3_db_filename).
    explicit StoreHealth(std::string path);

    /// The refusal for a write now, if any.
    std::optional<domain::Error> refuse_write();

    /// The refusal for a read now, if any.
    std::optional<domain::Error> refuse_read();

    /// Records damage found by an integrity check; `problem` (SQLite's words) goes to the log.
    void mark_damaged(std::string_view problem);

    /// Whether damage is known, from this store or any connection to the same file.
    bool damaged() const;

    const std::string& path() const { return path_; }

private:
    const std::string path_;
    std::atomic<bool> damaged_{false};
    std::atomic<bool> damage_reported_{false};
    std::atomic<bool> shm_fault_reported_{false};
};

/// Marks the file of `db` damaged for every StoreHealth of that file in this process. Called for
/// SQLITE_CORRUPT and SQLITE_NOTADB results.
void note_damage(sqlite3* db);

/// Forgets damage noted for `path` (a fresh open whose check passed, e.g. after a restore).
void forget_damage(const std::string& path);

}  // namespace tribune::store::sqlite
