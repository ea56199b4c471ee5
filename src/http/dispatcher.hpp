#pragma once
// Runs requests: fast paths inline on the I/O thread, everything else on a worker pool.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/router.hpp"

namespace tribune::http {

class RequestMetrics;

class Dispatcher {
public:
    /// Called for a request no route takes: `status` 404, or 405 with `allowed` methods.
    using Unmatched = std::function<Response(const Request&, int status, const std::string& allowed)>;
    /// Called with the finished response, on a worker thread or inline.
    using Done = std::function<void(Response)>;

    /// What the application adds around every route.
    struct Hooks {
        Unmatched unmatched;
        /// Runs first; a response it returns answers the request (e.g. a CORS preflight).
        std::function<std::optional<Response>(const Request&)> before;
        /// Where a GET or HEAD that no route takes has moved (an imported post's old address): the
        /// path to answer 301 with, or nullopt for the usual 404. May block: runs on the worker pool.
        std::function<std::optional<std::string>(const Request&)> moved;
        /// Runs on every response before it is sent (e.g. CORS headers).
        std::function<void(const Request&, Response&)> after;
        /// Counts every answer by route and status, and the pool's jobs (null: nothing is counted).
        /// The dispatcher binds it to the router; it must outlive the dispatcher.
        RequestMetrics* metrics = nullptr;
    };

    Dispatcher(const Router& router, std::size_t worker_threads, Hooks hooks);
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    /// Answers `req` through `done`, exactly once. Exceptions from handlers become a 500 problem,
    /// logged once with the request id. Conditional GETs (If-None-Match) become 304 here.
    void dispatch(Request req, Done done);

    /// The body limit of the route `method` and `path` would reach (Route::body_limit): 0 for
    /// the server's own, also when no route matches. Called on the I/O thread, after the headers.
    std::size_t body_limit(Method method, std::string_view path) const;

    /// For a route with a header check (a large body): runs the hooks' `before` and the route's
    /// caller check on the worker pool with `req`'s headers (no body yet), then calls `done`
    /// there with the refusal to answer (its `after` hook run), or with the caller admitted, to
    /// read the body and pass as Request::admitted. Other routes: `done({})` at once.
    void check_headers(Request req, std::function<void(HeaderVerdict)> done);

    /// Runs `job` on the worker pool (for blocking work outside a request).
    void post(std::function<void()> job);

    /// Waits for queued work to finish and stops the workers.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tribune::http
