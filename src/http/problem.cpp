#include "http/problem.hpp"

#include "http/json_codec.hpp"

namespace tribune::http {

int status_of(domain::ErrorCode code) {
    using domain::ErrorCode;
    switch (code) {
        case ErrorCode::kMalformed: return 400;
        case ErrorCode::kInvalid: return 422;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kGone: return 410;
        case ErrorCode::kConflict: return 409;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kForbidden: return 403;
        case ErrorCode::kTooLarge: return 413;
        case ErrorCode::kRateLimited: return 429;
        case ErrorCode::kUnavailable: return 503;
        case ErrorCode::kInternal: return 500;
    }
    return 500;
}

Response problem(const domain::Error& e) { return problem(e, status_of(e.code)); }

Response problem(const domain::Error& e, int status) {
    Response r;
    r.status = status;
    r.set("Content-Type", std::string(kProblemType));
    if (r.status == 429 || r.status == 503)
        r.set("Retry-After", std::to_string(e.retry_after_seconds > 0 ? e.retry_after_seconds : 1));
    if (r.status == 401) r.set("WWW-Authenticate", "Bearer");
    r.body = encode_problem(e, r.status);
    return r;
}

}  // namespace tribune::http
