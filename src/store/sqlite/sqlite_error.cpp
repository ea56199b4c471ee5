#include "store/sqlite/sqlite_error.hpp"

#include <cstdio>

#include <sqlite3.h>

namespace tribune::store::sqlite {

using domain::ErrorCode;
using domain::make_error;

domain::Error sqlite_error(int rc, sqlite3* db, std::string_view context) {
    const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    std::fprintf(stderr, "tribune store: %.*s: %s (sqlite code %d)\n", static_cast<int>(context.size()),
                 context.data(), detail, rc);
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_CANTOPEN:
        case SQLITE_PROTOCOL:
        case SQLITE_READONLY:
        case SQLITE_NOMEM:
            return unavailable_error();
        case SQLITE_CONSTRAINT:
            if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                return make_error(ErrorCode::kConflict, "Conflict", "That record already exists.");
            return make_error(ErrorCode::kInvalid, "Invalid data", "The data breaks a storage rule.");
        default:
            return make_error(ErrorCode::kInternal, "Database error", "The database failed unexpectedly.");
    }
}

domain::Error unavailable_error() {
    return make_error(ErrorCode::kUnavailable, "Database unavailable",
                      "The database is busy or unavailable. Try again shortly.");
}

}  // namespace tribune::store::sqlite
