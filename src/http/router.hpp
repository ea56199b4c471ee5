#pragma once
// Maps a method and a path pattern ("/api/v1/comments/{id}/replies") to a handler.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.hpp"
#include "http/response.hpp"

namespace tribune::http {

/// Runs on the worker pool: may block on the store.
using Handler = std::function<Response(Request&)>;
/// Runs on the I/O thread before `Handler`, must never block; answers from memory or declines.
using FastPath = std::function<std::optional<Response>(Request&)>;
/// What a route's header check found: the refusal to answer, or the caller it admitted (the
/// route then runs for that caller once the body is read, without looking it up again).
struct HeaderVerdict {
    std::optional<Response> refusal;
    std::shared_ptr<const Identity> admitted;
};
/// A route's caller check on the headers alone (before a large body is read). May block (it
/// looks the caller up): run it on the worker pool.
using HeaderCheck = std::function<HeaderVerdict(const Request&)>;

struct Route {
    Method method = Method::kGet;
    std::string pattern;                // as added: what metrics label the route by
    std::size_t id = 0;                 // its place in Router::routes()
    std::vector<std::string> segments;  // "{}" marks a parameter
    Handler handler;
    FastPath fast;
    std::size_t body_limit = 0;  // RoutePolicy::body_limit: 0 for the server's max_body_bytes
    HeaderCheck check_headers;   // set for routes with a large body: who may send one
};

/// What matching found: a route, or whether the path exists under another method (405).
struct RouteMatch {
    const Route* route = nullptr;
    bool path_known = false;
    std::string allowed;  // "GET, POST" when path_known without a route
};

class Router {
public:
    /// Adds a route. `pattern` segments in braces are parameters, passed in Request::path_params.
    void add(Method method, std::string_view pattern, Handler handler, FastPath fast = nullptr,
             std::size_t body_limit = 0, HeaderCheck check_headers = nullptr);

    /// Finds the route for `req` and fills req.path_params. HEAD matches GET routes.
    RouteMatch match(Request& req) const;

    /// Every route in the order added (route.id is its index).
    const std::vector<Route>& routes() const { return routes_; }

private:
    std::vector<Route> routes_;
};

std::string_view method_name(Method m);

}  // namespace tribune::http
