#pragma once
// Requests by route and status, and the worker pool's queue, for /metrics. Recording is a few
// relaxed atomic adds into tables sized once for the router's routes: no lock, no allocation on
// the request path. A route is labelled by its pattern ("/api/v1/comments/{id}"), never by the
// path asked for, and requests no route takes share the label "unmatched": the number of series
// is bounded by the code, whatever clients send.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "http/request.hpp"

namespace tribune::metrics {
class TextWriter;
}

namespace tribune::http {

class Router;
struct Route;

class RequestMetrics {
public:
    RequestMetrics();
    ~RequestMetrics();
    RequestMetrics(const RequestMetrics&) = delete;
    RequestMetrics& operator=(const RequestMetrics&) = delete;

    /// Sizes the tables for `router`'s routes: once, after the last route is added and before
    /// the first request (the dispatcher does it). Until then record() counts nothing.
    void bind(const Router& router);

    /// One answer, with its final status and how long it took. `route` is null when no route
    /// took the request; it then counts as "unmatched" under the request's own method.
    void record(const Route* route, Method method, int status, std::chrono::steady_clock::duration took) noexcept;

    /// The worker pool: a job was queued, started, finished.
    void job_queued() noexcept { waiting_.fetch_add(1, std::memory_order_relaxed); }
    void job_started() noexcept {
        waiting_.fetch_sub(1, std::memory_order_relaxed);
        running_.fetch_add(1, std::memory_order_relaxed);
    }
    void job_finished() noexcept { running_.fetch_sub(1, std::memory_order_relaxed); }
    std::int64_t jobs_waiting() const noexcept { return waiting_.load(std::memory_order_relaxed); }
    std::int64_t jobs_running() const noexcept { return running_.load(std::memory_order_relaxed); }

    /// tribune_http_requests_total{route,method,status}, tribune_http_request_duration_seconds
    /// {route,method,status_class} (series that have counted something) and the worker gauges.
    void write(metrics::TextWriter& out) const;

private:
    struct Series;
    struct Name {
        std::string route;
        std::string method;
    };
    std::vector<Name> names_;  // per series: the routes in order, then "unmatched" per method
    std::unique_ptr<Series[]> series_;
    std::size_t routes_ = 0;
    std::atomic<std::int64_t> waiting_{0};
    std::atomic<std::int64_t> running_{0};
};

}  // namespace tribune::http
