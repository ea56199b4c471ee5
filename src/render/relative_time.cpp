#include "render/relative_time.hpp"

#include <chrono>
#include <cstdint>

#include "render/date_format.hpp"

namespace tribune::render {
namespace {

std::string ago(std::int64_t n, const char* unit) {
    if (n == 1) return std::string("1 ") + unit + " ago";
    return std::to_string(n) + " " + unit + "s ago";
}

}  // namespace

std::string relative_time(domain::Time then, domain::Time now) {
    constexpr std::int64_t kMinute = 60, kHour = 60 * kMinute, kDay = 24 * kHour;
    const std::int64_t s = std::chrono::floor<std::chrono::seconds>(now - then).count();
    if (s < 45) return "just now";
    if (s < kHour) return ago(s < kMinute ? 1 : s / kMinute, "minute");
    if (s < kDay) return ago(s / kHour, "hour");
    const std::int64_t days = s / kDay;
    if (days < 30) return ago(days, "day");
    if (days < 365) return ago(days / 30 > 12 ? 12 : days / 30, "month");
    return ago(days / 365, "year");
}

std::string relative_time_element(domain::Time then, domain::Time now) {
    // Both attribute values are built from digits, month names and fixed punctuation: nothing to escape.
    std::string out = "<time datetime=\"";
    out += domain::format_rfc3339(then);
    out += "\" title=\"";
    out += exact_time(then);
    out += "\">";
    out += relative_time(then, now);
    out += "</time>";
    return out;
}

}  // namespace tribune::render
