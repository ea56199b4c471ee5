#pragma once
// One SQLite connection with its prepared-statement cache.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/error.hpp"
#include "store/sqlite/statement.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace tribune::store::sqlite {

enum class OpenMode {
    kWriter,  // read-write, creates the file, sets WAL, synchronous=FULL and foreign keys
    kReader,  // read-only; the database must exist
};

/// An open SQLite connection. Used by one thread at a time (opened NOMUTEX); owns and finalizes
/// the statements it prepared.
class Connection {
public:
    /// Opens `path`. Errors: kUnavailable when the file cannot be opened or set up.
    static Result<std::unique_ptr<Connection>> open(const std::string& path, OpenMode mode,
                                                    std::chrono::milliseconds busy_timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// The statement for `sql`, prepared on first use and cached for the connection's lifetime.
    /// `sql` holds one statement. Errors: as sqlite_error() (kInternal for bad SQL).
    Result<Statement> prepare(std::string_view sql);

    /// Prepares (cached) and runs one statement without parameters or rows: BEGIN, SAVEPOINT...
    Result<void> run(std::string_view sql);

    /// Runs one or more statements without caching them: pragmas, migrations, BEGIN/COMMIT.
    Result<void> exec(const char* sql);

    /// Whether a transaction is open (false after SQLite rolled one back on its own).
    bool in_transaction() const;

    sqlite3* handle() const { return db_; }

private:
    explicit Connection(sqlite3* db) : db_(db) {}

    struct StringHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };

    sqlite3* db_;
    std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
};

}  // namespace tribune::store::sqlite
