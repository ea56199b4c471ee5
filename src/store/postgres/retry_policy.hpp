#pragma once
// How often and how fast a failed call is tried again.

#include <chrono>

namespace tribune::store::postgres {

/// Bounds for retrying transient failures (lost connection, serialization failure, deadlock,
/// server restarting). Attempt n waits first_backoff * 2^(n-2), at most max_backoff, with jitter.
struct RetryPolicy {
    int max_attempts = 4;                        // including the first
    std::chrono::milliseconds first_backoff{20};
    std::chrono::milliseconds max_backoff{500};
    /// How long to wait for the outcome of a COMMIT whose connection was lost.
    std::chrono::milliseconds in_doubt_wait{10000};
};

}  // namespace tribune::store::postgres
