#pragma once
// The bound on every page's replay log together, in bytes: a ledger of each kept event's size in
// the order logged, so the oldest events of any page go first when the logs outgrow it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>

namespace tribune::live {

/// Thread-safe (its own lock, taken after a channel's, never before one). Times are passed in.
class ReplayBudget {
public:
    using Clock = std::chrono::steady_clock;

    /// Entries older than `window` leave the ledger; past `max_bytes` the oldest go too.
    ReplayBudget(Clock::duration window, std::size_t max_bytes) : window_(window), max_bytes_(max_bytes) {}

    /// An event of `bytes` logged as `id` at `at` (ids and times grow).
    void add(std::uint64_t id, Clock::time_point at, std::size_t bytes);

    /// Forgets the entries past the window at `now`, then the oldest until the rest fit
    /// max_bytes. Returns the newest id forgotten for the bytes, which every log is to drop
    /// through (0: none). Between trims the logs may pass the bound by what was logged meanwhile.
    std::uint64_t trim(Clock::time_point now);

    /// Bytes of the entries in the ledger.
    std::size_t bytes() const;

private:
    struct Entry {
        std::uint64_t id;
        Clock::time_point at;
        std::size_t bytes;
    };
    const Clock::duration window_;
    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::deque<Entry> entries_;  // guarded by mutex_
    std::size_t bytes_ = 0;      // guarded by mutex_
};

}  // namespace tribune::live
