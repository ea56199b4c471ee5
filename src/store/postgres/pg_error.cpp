#include "store/postgres/pg_error.hpp"

#include <string>

#include "store/common/store_metrics.hpp"

namespace tribune::store::postgres {

using domain::ErrorCode;
using domain::make_error;

Failure classify_sqlstate(const char* sqlstate) {
    if (sqlstate == nullptr || *sqlstate == '\0') return Failure::kBroken;
    const std::string_view s = sqlstate;
    const std::string_view cls = s.substr(0, 2);
    if (cls == "08") return Failure::kBroken;  // connection exception
    // Admin, crash and database shutdowns end the session: the connection is gone.
    if (s == "57P01" || s == "57P02" || s == "57P05") return Failure::kBroken;
    if (s == "57P03") return Failure::kRetryable;  // cannot connect now: starting up
    if (s == "40001" || s == "40P01") return Failure::kRetryable;
    if (s == "55P03" || s == "57014") return Failure::kRetryable;  // lock not available, timeout
    if (cls == "53") return Failure::kRetryable;                   // insufficient resources
    return Failure::kFinal;
}

domain::Error error_for(Failure failure, std::string_view sqlstate) {
    const bool constraint = !is_transient(failure) && (sqlstate.starts_with("23") || sqlstate.starts_with("22"));
    store_metrics().error(constraint ? StoreErrorKind::kConstraint : StoreErrorKind::kFailure);
    if (is_transient(failure)) return unavailable_error();
    if (sqlstate == "23505") return make_error(ErrorCode::kConflict, "Conflict", "That record already exists.");
    if (sqlstate.starts_with("23") || sqlstate.starts_with("22"))
        return make_error(ErrorCode::kInvalid, "Invalid data", "The data breaks a storage rule.");
    return make_error(ErrorCode::kInternal, "Database error", "The database failed unexpectedly.");
}

domain::Error unavailable_error() {
    domain::Error e = make_error(ErrorCode::kUnavailable, "Database unavailable",
                                 "The database is busy or unavailable. Try again shortly.");
    e.reason = domain::ErrorReason::kDatabaseUnreachable;
    return e;
}

}  // namespace tribune::store::postgres
