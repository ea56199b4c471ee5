#pragma once
// PostgreSQL failures: whether to retry, and what the caller is told.

#include <string_view>

#include "domain/error.hpp"

namespace tribune::store::postgres {

/// What a failed call leaves behind, which decides whether it may be retried.
enum class Failure {
    kNone,       // no database failure (the call succeeded, or returned a domain error)
    kRetryable,  // transient, the connection still works: serialization failure (40001), deadlock
                 // (40P01), lock or statement timeout, too many connections, server starting up
    kBroken,     // the connection is gone or unusable (lost, terminated, cannot connect): discard it;
                 // a statement in flight may or may not have run
    kFinal,      // a definite failure (constraint, bad data, a bug): retrying fails again
};

/// Whether a new attempt, on another connection if need be, may succeed.
inline bool is_transient(Failure f) { return f == Failure::kRetryable || f == Failure::kBroken; }

/// Classifies a SQLSTATE ("40001"); null or empty when the server sent none.
Failure classify_sqlstate(const char* sqlstate);

/// The error a failure becomes, with a message safe to show: kUnavailable for transient ones,
/// kConflict for a unique violation (23505), kInvalid for other integrity or data errors (classes
/// 22 and 23), kInternal otherwise.
domain::Error error_for(Failure failure, std::string_view sqlstate);

/// "The database is busy or unreachable".
domain::Error unavailable_error();

}  // namespace tribune::store::postgres
