#pragma once
// What the operating system says about this process (Linux /proc and getrusage), for the
// standard process_* metrics. Each field is empty when it cannot be read.

#include <cstddef>
#include <cstdint>
#include <optional>

namespace tribune::metrics {

struct ProcessStats {
    std::optional<std::uint64_t> resident_bytes;
    std::optional<std::uint64_t> virtual_bytes;
    double cpu_seconds = 0;  // user and system
    std::optional<std::uint64_t> open_fds;
    std::optional<std::uint64_t> max_fds;  // the soft limit; empty when unlimited
    std::optional<double> start_time_seconds;  // since the Unix epoch
    std::optional<std::uint64_t> threads;
};

/// Reads the process's statistics. Descriptors are counted up to `max_fds_counted` (a process
/// holding many live connections must not make one read slow without bound).
ProcessStats read_process_stats(std::size_t max_fds_counted = std::size_t{1} << 20);

}  // namespace tribune::metrics
