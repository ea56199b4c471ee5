#include "http/cors.hpp"

#include "http/origin.hpp"

namespace tribune::http {

namespace {

std::optional<std::string_view> cross_origin(const HttpConfig& config, const Request& req) {
    const auto origin = req.header("origin");
    if (!origin || origin->empty()) return std::nullopt;
    if (!origin_allowed(config, *origin)) return std::nullopt;
    return origin;
}

}  // namespace

std::optional<Response> cors_preflight(const HttpConfig& config, const Request& req) {
    if (req.method != Method::kOptions) return std::nullopt;
    Response r;
    r.status = 204;
    r.add_vary("Origin");
    if (auto origin = cross_origin(config, req)) {
        r.set("Access-Control-Allow-Origin", std::string(*origin));
        r.set("Access-Control-Allow-Methods", "GET, POST, PATCH, DELETE");
        r.set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-None-Match, Last-Event-ID");
        r.set("Access-Control-Max-Age", "600");
    }
    return r;
}

void add_cors_headers(const HttpConfig& config, const Request& req, Response& res) {
    // The widget's script may be loaded from anywhere.
    if (req.path == "/embed.js") {
        res.set("Access-Control-Allow-Origin", "*");
        return;
    }
    if (req.method == Method::kOptions) return;  // cors_preflight answered it whole
    auto origin = cross_origin(config, req);
    if (!origin) return;
    res.set("Access-Control-Allow-Origin", std::string(*origin));
    res.set("Access-Control-Expose-Headers", "ETag, Location, Retry-After");
    res.add_vary("Origin");
}

}  // namespace tribune::http
