#include "http/request_metrics.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "http/router.hpp"
#include "metrics/counter.hpp"
#include "metrics/histogram.hpp"
#include "metrics/text_format.hpp"

namespace tribune::http {
namespace {

// The statuses the server answers with, sorted; anything else counts as "other".
constexpr std::array<int, 26> kStatuses{200, 201, 204, 301, 302, 303, 304, 307, 308, 400, 401, 403, 404,
                                        405, 409, 410, 413, 415, 422, 429, 431, 500, 501, 502, 503, 504};
constexpr std::size_t kStatusSlots = kStatuses.size() + 1;
constexpr std::array<std::string_view, 5> kClasses{"1xx", "2xx", "3xx", "4xx", "5xx"};
constexpr std::array<Method, 8> kMethods{Method::kGet,   Method::kHead,   Method::kPost,    Method::kPut,
                                         Method::kPatch, Method::kDelete, Method::kOptions, Method::kOther};

std::size_t status_slot(int status) {
    const auto it = std::lower_bound(kStatuses.begin(), kStatuses.end(), status);
    if (it == kStatuses.end() || *it != status) return kStatuses.size();
    return static_cast<std::size_t>(it - kStatuses.begin());
}

std::size_t class_slot(int status) { return static_cast<std::size_t>(std::clamp(status / 100, 1, 5) - 1); }

std::size_t method_slot(Method m) {
    const auto it = std::find(kMethods.begin(), kMethods.end(), m);
    return static_cast<std::size_t>(it - kMethods.begin()) % kMethods.size();
}

}  // namespace

struct RequestMetrics::Series {
    std::array<metrics::Counter, kStatusSlots> by_status;
    std::array<metrics::Histogram<metrics::SecondsBuckets>, kClasses.size()> seconds;
};

RequestMetrics::RequestMetrics() = default;
RequestMetrics::~RequestMetrics() = default;

void RequestMetrics::bind(const Router& router) {
    names_.clear();
    for (const auto& r : router.routes()) names_.push_back({r.pattern, std::string(method_name(r.method))});
    routes_ = names_.size();
    for (const Method m : kMethods) names_.push_back({"unmatched", std::string(method_name(m))});
    series_ = std::make_unique<Series[]>(names_.size());
}

void RequestMetrics::record(const Route* route, Method method, int status,
                            std::chrono::steady_clock::duration took) noexcept {
    if (!series_) return;
    const std::size_t index = route && route->id < routes_ ? route->id : routes_ + method_slot(method);
    Series& s = series_[index];
    s.by_status[status_slot(status)].add();
    s.seconds[class_slot(status)].observe(took);
}

void RequestMetrics::write(metrics::TextWriter& out) const {
    out.family("tribune_http_requests_total", "counter",
               "Requests answered, by route pattern (\"unmatched\" when no route took it), method and status.");
    for (std::size_t i = 0; series_ && i < names_.size(); ++i) {
        for (std::size_t slot = 0; slot < kStatusSlots; ++slot) {
            const std::uint64_t n = series_[i].by_status[slot].value();
            if (n == 0) continue;
            const std::string status = slot < kStatuses.size() ? std::to_string(kStatuses[slot]) : "other";
            out.sample("tribune_http_requests_total",
                       {{"route", names_[i].route}, {"method", names_[i].method}, {"status", status}}, n);
        }
    }
    out.family("tribune_http_request_duration_seconds", "histogram",
               "Time from a request reaching the router to its answer being ready, by route, method and "
               "status class.");
    for (std::size_t i = 0; series_ && i < names_.size(); ++i) {
        for (std::size_t c = 0; c < kClasses.size(); ++c) {
            const auto& h = series_[i].seconds[c];
            if (h.count() == 0) continue;
            out.histogram("tribune_http_request_duration_seconds",
                          {{"route", names_[i].route}, {"method", names_[i].method}, {"status_class", kClasses[c]}},
                          h.snapshot());
        }
    }
    out.family("tribune_worker_jobs_waiting", "gauge", "Jobs queued for the worker pool, not yet started.");
    out.sample("tribune_worker_jobs_waiting", {}, jobs_waiting());
    out.family("tribune_worker_jobs_running", "gauge", "Jobs the worker pool is running now.");
    out.sample("tribune_worker_jobs_running", {}, jobs_running());
}

}  // namespace tribune::http
