#pragma once
// GET /metrics: the Prometheus text format, for the hosts and token the settings name.

#include "http/metrics_report.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace tribune::http {

/// Adds GET /metrics. Off (404) unless metrics_token or metrics_allow is set; then a caller must
/// come from an allowed address (403) and send the token as a bearer (401, wrong tokens limited
/// by bad_bearers_per_ip: 429), whichever of the two are set.
void add_metrics(Router& router, Services& services, const MetricsSources& sources);

}  // namespace tribune::http
