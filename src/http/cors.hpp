#pragma once
// Cross-origin access for the embeddable widget: CORS headers for allowed origins.

#include <optional>

#include "http/config.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace tribune::http {

/// Answers a CORS preflight (OPTIONS with Origin); nullopt for any other request.
std::optional<Response> cors_preflight(const HttpConfig& config, const Request& req);

/// Adds Access-Control-Allow-Origin and friends when the request came from an allowed origin.
void add_cors_headers(const HttpConfig& config, const Request& req, Response& res);

}  // namespace tribune::http
