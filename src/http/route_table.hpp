#pragma once
// Every route the server answers, with its policy and its handler (http/route_table.cpp). The
// live stream itself (GET /api/v1/live) is taken over before routing, by LiveEndpoint.

#include <optional>
#include <span>
#include <string_view>

#include "http/handlers/handlers.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "http/route_policy.hpp"
#include "http/router.hpp"

namespace tribune::http {

struct RouteSpec {
    Method method = Method::kGet;
    std::string_view pattern;
    RoutePolicy policy;
    /// Runs on the worker pool after the guard admitted the request.
    Response (*handler)(Site&, Request&, const Identity&) = nullptr;
    /// Runs on the I/O thread before the guard: answers only what needs no caller, or declines.
    std::optional<Response> (*fast)(Site&, Request&) = nullptr;
};

/// The table, in the order the router tries it.
std::span<const RouteSpec> route_table();

/// Adds every route of the table to `router`, each handler behind its guard. `site` must
/// outlive the router.
void add_routes(Router& router, Site& site);

}  // namespace tribune::http
