#pragma once
// A histogram with fixed buckets: an observation is two relaxed atomic adds (its bucket and the
// sum), with no lock and no allocation, so request and delivery paths may record freely.
// Values are whole units (nanoseconds, jobs); the bucket set says how many units make the unit
// exposed (seconds).

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

namespace tribune::metrics {

/// Durations, exposed in seconds: 100 us to 10 s.
struct SecondsBuckets {
    static constexpr std::array<std::uint64_t, 16> kBounds{
        100'000,       250'000,       500'000,       1'000'000,     2'500'000,      5'000'000,
        10'000'000,    25'000'000,    50'000'000,    100'000'000,   250'000'000,    500'000'000,
        1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};
    static constexpr double kUnitsPerExposed = 1e9;  // nanoseconds per second
};

/// Small counts (jobs per commit): 1 to 256.
struct CountBuckets {
    static constexpr std::array<std::uint64_t, 9> kBounds{1, 2, 4, 8, 16, 32, 64, 128, 256};
    static constexpr double kUnitsPerExposed = 1;
};

/// A histogram's state at one moment, for the text format.
struct HistogramSnapshot {
    std::span<const std::uint64_t> bounds;  // upper bounds, in units
    double units_per_exposed = 1;
    std::vector<std::uint64_t> buckets;  // per bucket, not cumulative; the last is above every bound
    std::uint64_t sum = 0;               // in units

    std::uint64_t count() const {
        std::uint64_t n = 0;
        for (auto b : buckets) n += b;
        return n;
    }
};

template <class Buckets>
class Histogram {
public:
    static constexpr std::size_t kBuckets = Buckets::kBounds.size() + 1;

    void observe(std::uint64_t units) noexcept {
        std::size_t i = 0;
        while (i < Buckets::kBounds.size() && units > Buckets::kBounds[i]) ++i;
        counts_[i].fetch_add(1, std::memory_order_relaxed);
        sum_.fetch_add(units, std::memory_order_relaxed);
    }

    /// For SecondsBuckets: a duration (a negative one, from a clock that went back, counts as 0).
    void observe(std::chrono::steady_clock::duration d) noexcept {
        const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
        observe(static_cast<std::uint64_t>(ns > 0 ? ns : 0));
    }

    /// Relaxed reads: a snapshot taken while others record may be off by the observations in
    /// flight, never torn within one bucket.
    HistogramSnapshot snapshot() const {
        HistogramSnapshot s;
        s.bounds = Buckets::kBounds;
        s.units_per_exposed = Buckets::kUnitsPerExposed;
        s.buckets.reserve(kBuckets);
        for (const auto& c : counts_) s.buckets.push_back(c.load(std::memory_order_relaxed));
        s.sum = sum_.load(std::memory_order_relaxed);
        return s;
    }

    std::uint64_t count() const noexcept {
        std::uint64_t n = 0;
        for (const auto& c : counts_) n += c.load(std::memory_order_relaxed);
        return n;
    }

private:
    std::array<std::atomic<std::uint64_t>, kBuckets> counts_{};
    std::atomic<std::uint64_t> sum_{0};
};

/// Observes the time from its construction to its end into a seconds histogram.
class ScopedTimer {
public:
    explicit ScopedTimer(Histogram<SecondsBuckets>& into) noexcept
        : into_(into), started_(std::chrono::steady_clock::now()) {}
    ~ScopedTimer() { into_.observe(std::chrono::steady_clock::now() - started_); }
    ScopedTimer(const ScopedTimer&) = delete;
    ScopedTimer& operator=(const ScopedTimer&) = delete;

private:
    Histogram<SecondsBuckets>& into_;
    std::chrono::steady_clock::time_point started_;
};

}  // namespace tribune::metrics
