#include "store/sqlite/connection.hpp"

#include <cassert>

#include <sqlite3.h>

#include "store/common/store_log.hpp"
#include "store/sqlite/sqlite_error.hpp"

namespace tribune::store::sqlite {
namespace {

// Durability first: synchronous=FULL syncs the WAL on every commit, so a returned write
// survives power loss; group commit pays that sync once per batch.
constexpr const char* kWriterPragmas =
    "PRAGMA foreign_keys = ON;"
    "PRAGMA synchronous = FULL;"
    "PRAGMA temp_store = MEMORY;";

constexpr const char* kReaderPragmas = "PRAGMA query_only = ON;";

Result<void> enable_wal(Connection& c) {
    auto st = c.prepare("PRAGMA journal_mode = WAL");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row || st->text(0) != "wal") {
        log_problem(LogSeverity::kError, "sqlite_io", "the database refused WAL mode");
        return unavailable_error();
    }
    return {};
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, OpenMode mode,
                                                     std::chrono::milliseconds busy_timeout) {
    const int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
                      (mode == OpenMode::kWriter ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                                 : SQLITE_OPEN_READONLY);
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    std::unique_ptr<Connection> conn(new Connection(db));
    if (rc != SQLITE_OK) return sqlite_error(rc, db, "open " + path);
    sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
    if (mode == OpenMode::kReader) {
        auto ok = conn->exec(kReaderPragmas);
        if (!ok) return ok.error();
        return conn;
    }
    auto wal = enable_wal(*conn);
    if (!wal) return wal.error();
    auto ok = conn->exec(kWriterPragmas);
    if (!ok) return ok.error();
    return conn;
}

Connection::~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
}

Result<Statement> Connection::prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) {
        assert(!sqlite3_stmt_busy(it->second) && "cached statement borrowed twice at once");
        return Statement(it->second);
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(rc, db_, "prepare");
    cache_.emplace(std::string(sql), stmt);
    return Statement(stmt);
}

Result<void> Connection::run(std::string_view sql) {
    auto st = prepare(sql);
    if (!st) return st.error();
    return st->run();
}

Result<void> Connection::exec(const char* sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) return sqlite_error(sqlite3_extended_errcode(db_), db_, "exec");
    return {};
}

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace tribune::store::sqlite
