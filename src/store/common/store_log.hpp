#pragma once
// How the store reports its problems (failed statements, lost connections): structured lines
// through spdlog's default logger (the one the application sets up), "store_error kind=...
// detail=...". A flood of one kind of problem (a full disk fails every write) is cut to a few
// lines a second plus a "store_errors_suppressed" line counting what was dropped.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tribune::store {

enum class LogSeverity { kWarning, kError, kCritical };

/// One line for the log. `kind` is a short fixed word naming the problem ("sqlite_full",
/// "pg_connect"); `detail` is what the database said (already bounded, quotes and control
/// characters escaped). When `suppressed` > 0 the line is a summary: that many lines of `kind`
/// were dropped since the last one logged, and `detail` is empty.
struct LogLine {
    LogSeverity severity = LogSeverity::kError;
    std::string_view kind;
    std::string_view detail;
    std::uint64_t suppressed = 0;
};

/// Receives every line that passes the rate limit; called on the thread that saw the problem,
/// never with the limiter's lock held. Must not call back into the store.
using LogHook = void (*)(const LogLine& line);

/// Sends store lines to `hook` instead of the log, so a test can see them; set_log_hook(nullptr)
/// sends them to the log again.
void set_log_hook(LogHook hook);

/// Logs one problem, rate-limited per `kind` (at most kLogBurst lines per second each). `kind`
/// must come from the program, never from input, so the set of kinds stays small.
void log_problem(LogSeverity severity, std::string_view kind, std::string_view detail);

/// Emits a summary line for every kind that dropped lines and has not reported them yet (at
/// shutdown, or from a periodic flush).
void flush_suppressed();

/// Lines of one kind logged per window before the rest are only counted.
inline constexpr std::size_t kLogBurst = 5;

/// `text` made safe for one quoted log value: at most `max_bytes` (cut at a UTF-8 character
/// boundary), with `"` and `\` escaped and control characters written as \xNN.
std::string escape_log_detail(std::string_view text, std::size_t max_bytes = 300);

/// The rate limit alone, with the clock passed in (tests drive it). Thread-safe.
class LogRateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    LogRateLimiter(std::size_t burst, Clock::duration window) : burst_(burst), window_(window) {}

    struct Decision {
        bool log = false;                  // log this line
        std::uint64_t suppressed_before = 0;  // first report this many dropped lines of the kind
    };

    /// Whether a line of `kind` at `now` is logged, and how many earlier ones to report first.
    Decision admit(std::string_view kind, Clock::time_point now);

    /// The kinds whose window ended with lines dropped and not yet reported, with their counts;
    /// reported once. With `everything`, windows still open are drained too.
    std::vector<std::pair<std::string, std::uint64_t>> drain(Clock::time_point now, bool everything);

private:
    struct Window {
        Clock::time_point start{};
        std::size_t logged = 0;
        std::uint64_t dropped = 0;
    };

    const std::size_t burst_;
    const Clock::duration window_;
    std::mutex mutex_;
    std::map<std::string, Window, std::less<>> kinds_;
};

}  // namespace tribune::store
