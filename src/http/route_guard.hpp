#pragma once
// Applies a route's policy (http/route_policy.hpp) before its handler: looks up the caller when
// the route needs one, checks the CSRF token of a session-authenticated change (the form's
// csrf_token field for form bodies, else X-CSRF-Token), and checks the caller against the
// route's Caller with service::authorize. A refused request gets the route's kind of answer.

#include <optional>

#include "http/identity.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/route_policy.hpp"
#include "http/services.hpp"

namespace tribune::http {

/// Whether a request may reach the handler. `who` is the caller the handler gets.
struct Admission {
    Identity who;
    std::optional<Response> refusal;  // set: answer this, do not run the handler
};

/// Checks `req` against `policy`. Caller::kPublic costs nothing (no lookup, no allocation).
Admission admit(Services& s, const Request& req, const RoutePolicy& policy);

}  // namespace tribune::http
