#pragma once
// Expected failures as values (docs/architecture.md, The error policy). Only http/problem.cpp
// maps a code to a status.

#include <boost/system/result.hpp>

#include <string>
#include <utility>
#include <vector>

namespace tribune::domain {

/// The closed set of expected failures. Adding one makes http/problem.cpp fail to compile (-Wswitch).
enum class ErrorCode {
    kMalformed,        // 400: unreadable input (bad JSON, bad UTF-8, bad cursor)
    kInvalid,          // 422: readable but breaks a rule
    kNotFound,         // 404
    kGone,             // 410: was public once, taken down (an unpublished article)
    kConflict,         // 409: e.g. edit window passed
    kUnauthenticated,  // 401
    kForbidden,        // 403
    kTooLarge,         // 413
    kRateLimited,      // 429
    kUnavailable,      // 503: busy or unreachable database
    kInternal,         // 500
};

/// Why a failure happened, for code that must tell failures of one code apart (never by their
/// text, which is written for people and may change).
enum class ErrorReason {
    kNone,
    kCsrf,              // a state-changing request without the session's CSRF token
    kStorageFull,       // the store's disk is full
    kStorageFailing,    // the store cannot write (read-only, not permitted, failing disk)
    kDatabaseDamaged,   // the store found damage and refuses changes
    kDatabaseUnreachable,  // the database did not answer (busy, down, not reachable)
};

/// One input field at fault, with a message safe to show.
struct FieldError {
    std::string field;
    std::string message;
};

/// An expected failure. `title` is a short summary, `message` the detail; both are shown to
/// the client as they are, so they never carry SQL, errno or internals.
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string title;
    std::string message;
    std::vector<FieldError> fields;
    int retry_after_seconds = 0;  // kRateLimited, kUnavailable: when to try again (0: soon)
    ErrorReason reason = ErrorReason::kNone;
};

template <class T>
using Result = boost::system::result<T, Error>;

/// Builds an Error; `fields` empty unless input fields are at fault.
inline Error make_error(ErrorCode code, std::string title, std::string message = {},
                        std::vector<FieldError> fields = {}) {
    return Error{code, std::move(title), std::move(message), std::move(fields), 0, ErrorReason::kNone};
}

/// Needed by Result<T>::value() when it holds an error: a bug at the call site, so it throws.
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

}  // namespace tribune::domain
