#include "store/sqlite/sqlite_error.hpp"

#include <string>

#include <sqlite3.h>

#include "store/common/store_errors.hpp"
#include "store/common/store_log.hpp"
#include "store/common/store_metrics.hpp"
#include "store/sqlite/store_health.hpp"

namespace tribune::store::sqlite {

using domain::ErrorCode;
using domain::make_error;

namespace {

// The log's kind and severity for a result code: one kind per cause an operator acts on.
struct Kind {
    std::string_view name;
    LogSeverity severity;
};

Kind kind_of(int rc) {
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_PROTOCOL: return {"sqlite_busy", LogSeverity::kWarning};
        case SQLITE_FULL: return {"sqlite_full", LogSeverity::kError};
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY: return {"sqlite_io", LogSeverity::kError};
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return {"sqlite_corrupt", LogSeverity::kCritical};
        case SQLITE_CONSTRAINT: return {"sqlite_constraint", LogSeverity::kWarning};
        default: return {"sqlite_error", LogSeverity::kError};
    }
}

}  // namespace

domain::Error sqlite_error(int rc, sqlite3* db, std::string_view context) {
    const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const Kind kind = kind_of(rc);
    store_metrics().error((rc & 0xff) == SQLITE_CONSTRAINT ? StoreErrorKind::kConstraint : StoreErrorKind::kFailure);
    log_problem(kind.severity, kind.name,
                std::string(context) + ": " + detail + " (sqlite code " + std::to_string(rc) + ")");
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_PROTOCOL:
        case SQLITE_NOMEM:
            return unavailable_error();
        case SQLITE_FULL:
            return storage_full();
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
            return storage_failing();
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            note_damage(db);
            return database_damaged();
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
