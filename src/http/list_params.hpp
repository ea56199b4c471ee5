#pragma once
// Reading list parameters (limit, sort, cursor, status) from a request.

#include "domain/error.hpp"
#include "domain/limits.hpp"
#include "http/identity.hpp"
#include "http/request.hpp"
#include "store/store.hpp"

namespace tribune::http {

/// The ListQuery a request asks for. Errors: kMalformed (limit not a number, bad cursor),
/// kInvalid (limit out of range, unknown sort or status, cursor of another sort order),
/// kUnauthenticated/kForbidden (status filter without moderator rights).
domain::Result<store::ListQuery> list_query_from(const Request& req, const Identity& who,
                                                 const domain::Limits& limits);

}  // namespace tribune::http
