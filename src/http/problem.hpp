#pragma once
// RFC 9457 problem responses: the one place that maps an ErrorCode to an HTTP status.

#include "domain/error.hpp"
#include "http/response.hpp"

namespace tribune::http {

/// The HTTP status for an error code.
int status_of(domain::ErrorCode code);

/// An application/problem+json response for `e`; 429 and 503 carry Retry-After.
Response problem(const domain::Error& e);

/// problem() under a status the error codes do not name (405, 415, 431, 501, 507), in the
/// header and the body alike.
Response problem(const domain::Error& e, int status);

}  // namespace tribune::http
