#pragma once
// What the live layer records for /metrics, process-wide (one hub per server process).

#include "metrics/histogram.hpp"

namespace tribune::live {

/// From a comment event reaching the hub (publish() or apply()) until every reader's frames are
/// queued, the channel's lock included.
metrics::Histogram<metrics::SecondsBuckets>& fanout_seconds();

}  // namespace tribune::live
