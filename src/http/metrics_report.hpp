#pragma once
// Everything GET /metrics reports, gathered into the Prometheus text format. Counts, gauges and
// latencies only: no page keys, addresses, names or tokens reach a label.

#include <cstddef>
#include <functional>
#include <string>

#include "http/request_metrics.hpp"

namespace tribune::live {
class Hub;
}

namespace tribune::http {

struct Services;

/// What the report reads besides the services.
struct MetricsSources {
    explicit MetricsSources(const live::Hub& h) : hub(h) {}

    RequestMetrics requests;  // the dispatcher records into it (Dispatcher::Hooks::metrics)
    const live::Hub& hub;
    /// Live streams open on this node; set once the live endpoint exists (unset: not reported).
    std::function<std::size_t()> live_connections;
};

/// The whole report, as text/plain; version=0.0.4.
std::string metrics_report(const Services& services, const MetricsSources& sources);

}  // namespace tribune::http
