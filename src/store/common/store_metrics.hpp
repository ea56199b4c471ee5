#pragma once
// What the store records for /metrics, process-wide (a server opens one store). Both engines
// record alike: a commit is one COMMIT statement, with the writes its transaction covered
// (SQLite's group commit batches many; PostgreSQL commits each on its own).

#include <chrono>
#include <cstdint>

#include "metrics/counter.hpp"
#include "metrics/histogram.hpp"

namespace tribune::store {

/// What kind of failure a store error was.
enum class StoreErrorKind {
    kConstraint,  // the data broke a rule (a duplicate, an invalid value): expected now and then
    kFailure,     // busy, I/O, a full disk, a lost connection, a bug: worth a look
};

struct StoreMetrics {
    metrics::Histogram<metrics::CountBuckets> commit_writes;     // writes one COMMIT covered (refused ones too)
    metrics::Histogram<metrics::SecondsBuckets> commit_seconds;  // the COMMIT statement itself
    metrics::Counter constraint_errors;
    metrics::Counter failures;
    metrics::Gauge writes_waiting;  // SQLite: writes queued for the next group commit

    /// A COMMIT that began at `started` ended a transaction of `writes` writes.
    void committed(std::uint64_t writes, std::chrono::steady_clock::time_point started) noexcept {
        commit_seconds.observe(std::chrono::steady_clock::now() - started);
        commit_writes.observe(writes);
    }

    void error(StoreErrorKind kind) noexcept {
        (kind == StoreErrorKind::kConstraint ? constraint_errors : failures).add();
    }
};

StoreMetrics& store_metrics();

}  // namespace tribune::store
