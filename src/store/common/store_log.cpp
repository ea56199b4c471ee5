#include "store/common/store_log.hpp"

#include <spdlog/spdlog.h>

#include <atomic>

namespace tribune::store {
namespace {

std::atomic<LogHook> g_hook{nullptr};

LogRateLimiter& limiter() {
    static LogRateLimiter instance(kLogBurst, std::chrono::seconds(1));
    return instance;
}

// To the hook when one is set, else to the application's log as structured lines.
void emit(const LogLine& line) {
    if (LogHook hook = g_hook.load(std::memory_order_acquire)) {
        hook(line);
        return;
    }
    if (line.suppressed > 0) {
        spdlog::warn("store_errors_suppressed kind={} count={} note=\"suppressed {} similar store errors\"", line.kind,
                     line.suppressed, line.suppressed);
        return;
    }
    const auto level = line.severity == LogSeverity::kCritical ? spdlog::level::critical
                       : line.severity == LogSeverity::kError  ? spdlog::level::err
                                                               : spdlog::level::warn;
    spdlog::log(level, "store_error kind={} detail=\"{}\"", line.kind, line.detail);
}

void emit_summaries(const std::vector<std::pair<std::string, std::uint64_t>>& summaries) {
    for (const auto& [kind, count] : summaries) emit(LogLine{LogSeverity::kWarning, kind, {}, count});
}

// Whether byte `c` continues a UTF-8 sequence (10xxxxxx).
bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

LogRateLimiter::Decision LogRateLimiter::admit(std::string_view kind, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = kinds_.find(kind);
    if (it == kinds_.end()) it = kinds_.emplace(std::string(kind), Window{now, 0, 0}).first;
    Window& w = it->second;
    Decision d;
    if (now - w.start >= window_) {
        d.suppressed_before = w.dropped;
        w = Window{now, 0, 0};
    }
    if (w.logged < burst_) {
        ++w.logged;
        d.log = true;
    } else {
        ++w.dropped;
    }
    return d;
}

std::vector<std::pair<std::string, std::uint64_t>> LogRateLimiter::drain(Clock::time_point now, bool everything) {
    std::vector<std::pair<std::string, std::uint64_t>> out;
    std::lock_guard lock(mutex_);
    for (auto& [kind, w] : kinds_) {
        if (w.dropped == 0 || (!everything && now - w.start < window_)) continue;
        out.emplace_back(kind, w.dropped);
        w.dropped = 0;
    }
    return out;
}

void set_log_hook(LogHook hook) { g_hook.store(hook, std::memory_order_release); }

void log_problem(LogSeverity severity, std::string_view kind, std::string_view detail) {
    const auto now = LogRateLimiter::Clock::now();
    const auto decision = limiter().admit(kind, now);
    if (decision.suppressed_before > 0) emit(LogLine{LogSeverity::kWarning, kind, {}, decision.suppressed_before});
    // Other kinds whose flood ended report their counts now rather than at their next line.
    emit_summaries(limiter().drain(now, false));
    if (!decision.log) return;
    const std::string safe = escape_log_detail(detail);
    emit(LogLine{severity, kind, safe, 0});
}

void flush_suppressed() { emit_summaries(limiter().drain(LogRateLimiter::Clock::now(), true)); }

std::string escape_log_detail(std::string_view text, std::size_t max_bytes) {
    if (text.size() > max_bytes) {
        std::size_t cut = max_bytes;
        while (cut > 0 && continuation(text[cut])) --cut;
        text = text.substr(0, cut);
    }
    std::string out;
    out.reserve(text.size() + 8);
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7F) {
            static constexpr char kHex[] = "0123456789abcdef";
            out += "\\x";
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace tribune::store
