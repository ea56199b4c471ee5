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
