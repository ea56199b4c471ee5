#include "app/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "store/common/store_log.hpp"

namespace tribune::app {
namespace {

// Store problems as structured lines; their detail is escaped and bounded by the store.
void log_store_line(const store::LogLine& line) {
    if (line.suppressed > 0) {
        spdlog::warn("store_errors_suppressed kind={} count={} note=\"suppressed {} similar store errors\"", line.kind,
                     line.suppressed, line.suppressed);
        return;
    }
    const auto level = line.severity == store::LogSeverity::kCritical ? spdlog::level::critical
                       : line.severity == store::LogSeverity::kError  ? spdlog::level::err
                                                                      : spdlog::level::warn;
    spdlog::log(level, "store_error kind={} detail=\"{}\"", line.kind, line.detail);
}

}  // namespace

void setup_logging(const std::string& level) {
    std::shared_ptr<spdlog::logger> logger;
    try {
        auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>("/dev/stdout");
        logger = std::make_shared<spdlog::logger>("tribune", std::move(sink));
    } catch (const spdlog::spdlog_ex&) {
        logger = std::make_shared<spdlog::logger>("tribune", std::make_shared<spdlog::sinks::stdout_sink_mt>());
    }
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog::level::from_str(level));
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
    spdlog::flush_every(std::chrono::seconds(1));
    store::set_log_hook(log_store_line);
    // A flood's count of dropped store lines is reported within seconds of its end, not only
    // with the next store line or at a clean exit.
    static std::jthread reporter([](std::stop_token stop) {
        std::mutex m;
        std::condition_variable_any wake;
        std::unique_lock lock(m);
        while (!stop.stop_requested()) {
            wake.wait_for(lock, stop, std::chrono::seconds(2), [] { return false; });
            if (!stop.stop_requested()) store::flush_suppressed();
        }
    });
}

void flush_logs() {
    store::flush_suppressed();
    spdlog::default_logger()->flush();
}

}  // namespace tribune::app
