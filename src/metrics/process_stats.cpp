#include "metrics/process_stats.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

namespace tribune::metrics {
namespace {

// The whole of a small /proc file ("stat" lines are well under 4 KB).
std::string read_small_file(const char* path) {
    std::string out;
    std::FILE* f = std::fopen(path, "re");
    if (!f) return out;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && out.size() < 64 * 1024) out.append(buf, n);
    std::fclose(f);
    return out;
}

std::optional<std::uint64_t> descriptors(std::size_t limit) {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir) return std::nullopt;
    std::uint64_t n = 0;
    while (n < limit) {
        const dirent* e = readdir(dir);
        if (!e) break;
        if (e->d_name[0] != '.') ++n;
    }
    closedir(dir);
    return n > 0 ? n - 1 : 0;  // the directory's own descriptor is not the process's
}

// /proc/self/stat: fields after the command name, which is in parentheses and may hold spaces.
struct Stat {
    std::optional<std::uint64_t> threads;
    std::optional<std::uint64_t> start_ticks;  // after boot
};

Stat read_stat() {
    Stat s;
    const std::string text = read_small_file("/proc/self/stat");
    const auto close = text.rfind(')');
    if (close == std::string::npos) return s;
    // Field 3 (state) is the first after ")"; threads is field 20, starttime field 22.
    unsigned long long threads = 0;
    unsigned long long start = 0;
    if (std::sscanf(text.c_str() + close + 1,
                    " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %llu %*d %llu", &threads,
                    &start) == 2) {
        s.threads = threads;
        s.start_ticks = start;
    }
    return s;
}

std::optional<double> boot_time() {
    const std::string text = read_small_file("/proc/stat");
    const auto at = text.find("\nbtime ");
    if (at == std::string::npos) return std::nullopt;
    unsigned long long btime = 0;
    if (std::sscanf(text.c_str() + at + 7, "%llu", &btime) != 1) return std::nullopt;
    return static_cast<double>(btime);
}

}  // namespace

ProcessStats read_process_stats(std::size_t max_fds_counted) {
    ProcessStats p;
    const long page = sysconf(_SC_PAGESIZE);
    if (std::FILE* f = std::fopen("/proc/self/statm", "re")) {
        unsigned long long size = 0;
        unsigned long long resident = 0;
        if (std::fscanf(f, "%llu %llu", &size, &resident) == 2 && page > 0) {
            p.virtual_bytes = size * static_cast<unsigned long long>(page);
            p.resident_bytes = resident * static_cast<unsigned long long>(page);
        }
        std::fclose(f);
    }
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0) {
        // Summed in microseconds: whole numbers add exactly, so the seconds print short.
        const auto micros = [](const timeval& t) { return static_cast<long long>(t.tv_sec) * 1'000'000 + t.tv_usec; };
        p.cpu_seconds = static_cast<double>(micros(usage.ru_utime) + micros(usage.ru_stime)) / 1e6;
    }
    p.open_fds = descriptors(max_fds_counted);
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) p.max_fds = limit.rlim_cur;
    const Stat stat = read_stat();
    p.threads = stat.threads;
    const long ticks = sysconf(_SC_CLK_TCK);
    if (const auto boot = boot_time(); boot && stat.start_ticks && ticks > 0)
        p.start_time_seconds = *boot + static_cast<double>(*stat.start_ticks) / static_cast<double>(ticks);
    return p;
}

}  // namespace tribune::metrics
