// The one file of the importers that sees SQLite's C API (the store has its own).
#include "portability/isso_reader.hpp"

#include <sqlite3.h>

#include <memory>

namespace tribune::portability {
namespace {

using domain::ErrorCode;

struct CloseDb {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct Finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

domain::Error not_isso(std::string why) {
    return domain::make_error(ErrorCode::kMalformed, "Not an Isso database", std::move(why));
}

// SQLite's message for what went wrong: a file that is no database at all, or one Isso did not make.
domain::Error failure(sqlite3* db, int code) {
    const std::string message = sqlite3_errmsg(db);
    if (code == SQLITE_NOTADB) return not_isso("the file is not an SQLite database");
    if (code == SQLITE_TOOBIG)
        return domain::make_error(ErrorCode::kMalformed, "Field too long", "a row is larger than the import reads");
    if ((code & 0xff) == SQLITE_ERROR) return not_isso(message);
    return domain::make_error(ErrorCode::kUnavailable, "Cannot read the Isso database", message);
}

domain::Result<Statement> prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* s = nullptr;
    const int rc = sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(s);
        return failure(db, rc);
    }
    return Statement(s);
}

domain::Result<std::string> text_column(sqlite3_stmt* s, int column) {
    if (sqlite3_column_type(s, column) == SQLITE_NULL) return std::string();
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, column));
    const auto n = static_cast<std::size_t>(sqlite3_column_bytes(s, column));
    if (n > kMaxIssoField)
        return domain::make_error(ErrorCode::kMalformed, "Field too long",
                                  "a field holds more than " + std::to_string(kMaxIssoField) + " bytes");
    return p ? std::string(p, n) : std::string();
}

// Steps through `s`, handing each row to `row`; stops at the end, an error, or row's error.
template <class Row>
domain::Result<void> each_row(sqlite3* db, sqlite3_stmt* s, const IssoHandlers& handlers, Row&& row) {
    for (;;) {
        if (handlers.stopped)
            if (auto stop = handlers.stopped()) return *stop;
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) return {};
        if (rc != SQLITE_ROW) return failure(db, rc);
        if (auto r = row(s); !r) return r;
    }
}

}  // namespace

domain::Result<void> read_isso(const std::string& path, const IssoHandlers& handlers) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK)
        return domain::make_error(ErrorCode::kNotFound, "Cannot open the Isso database",
                                  raw ? sqlite3_errmsg(raw) : "out of memory");
    sqlite3_busy_timeout(db.get(), 10000);  // Isso may be writing to it now
    sqlite3_exec(db.get(), "PRAGMA query_only = 1", nullptr, nullptr, nullptr);
    // The file comes from elsewhere: its schema runs no functions with side effects, nothing can
    // make it corrupt itself, and no value bigger than a few fields is ever loaded.
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, static_cast<int>(8 * kMaxIssoField));

    auto tables = prepare(db.get(),
                          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('threads', 'comments')");
    if (!tables) return tables.error();
    std::int64_t found = 0;
    if (auto r = each_row(db.get(), tables->get(), handlers, [&](sqlite3_stmt* s) -> domain::Result<void> {
            found = sqlite3_column_int64(s, 0);
            return {};
        });
        !r)
        return r;
    if (found != 2) return not_isso("it has no threads and comments tables");

    // Isso's comment ids count from 1 in every installation: its key tells two sites apart.
    if (handlers.installation) {
        std::int64_t has_table = 0;
        auto table = prepare(db.get(), "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'preferences'");
        if (!table) return table.error();
        if (auto r = each_row(db.get(), table->get(), handlers, [&](sqlite3_stmt* s) -> domain::Result<void> {
                has_table = sqlite3_column_int64(s, 0);
                return {};
            });
            !r)
            return r;
        auto key = has_table ? prepare(db.get(), "SELECT value FROM preferences WHERE key = 'session-key'")
                             : domain::Result<Statement>(Statement(nullptr));
        if (!key) return key.error();
        if (key->get())
            if (auto r = each_row(db.get(), key->get(), handlers, [&](sqlite3_stmt* s) -> domain::Result<void> {
                    auto value = text_column(s, 0);
                    if (!value) return value.error();
                    handlers.installation(std::move(*value));
                    return {};
                });
                !r)
                return r;
    }

    auto threads = prepare(db.get(), "SELECT id, uri FROM threads ORDER BY id");
    if (!threads) return threads.error();
    if (auto r = each_row(db.get(), threads->get(), handlers, [&](sqlite3_stmt* s) -> domain::Result<void> {
            IssoThread t;
            t.id = sqlite3_column_int64(s, 0);
            auto uri = text_column(s, 1);
            if (!uri) return uri.error();
            t.uri = std::move(*uri);
            return handlers.thread(std::move(t));
        });
        !r)
        return r;

    auto comments = prepare(db.get(),
                            "SELECT id, tid, parent, created, mode, remote_addr, text, author, email "
                            "FROM comments ORDER BY id");
    if (!comments) return comments.error();
    return each_row(db.get(), comments->get(), handlers, [&](sqlite3_stmt* s) -> domain::Result<void> {
        IssoComment c;
        c.id = sqlite3_column_int64(s, 0);
        c.thread_id = sqlite3_column_int64(s, 1);
        if (sqlite3_column_type(s, 2) != SQLITE_NULL) c.parent = sqlite3_column_int64(s, 2);
        c.created = sqlite3_column_double(s, 3);
        c.mode = sqlite3_column_type(s, 4) == SQLITE_NULL ? 1 : sqlite3_column_int64(s, 4);
        for (auto [column, field] : {std::pair{5, &c.remote_addr}, std::pair{6, &c.text}, std::pair{7, &c.author},
                                     std::pair{8, &c.email}}) {
            auto value = text_column(s, column);
            if (!value) return value.error();
            *field = std::move(*value);
        }
        return handlers.comment(std::move(c));
    });
}

}  // namespace tribune::portability
