#include "render/date_format.hpp"

#include <chrono>
#include <cstdio>

#include "domain/article.hpp"

namespace tribune::render {
namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
    int year;
    unsigned month;  // 1..12
    unsigned day;
    int hour;
    int minute;
};

Civil civil(domain::Time t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{floor<seconds>(t - day)};
    return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
            static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count())};
}

}  // namespace

std::string exact_time(domain::Time t) {
    const Civil c = civil(t);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%u %s %d, %02d:%02d UTC", c.day, kMonths[(c.month - 1) % 12], c.year, c.hour,
                  c.minute);
    return buf;
}

std::string short_date(domain::Time t) {
    const Civil c = civil(t);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %u, %d", kMonths[(c.month - 1) % 12], c.day, c.year);
    return buf;
}

std::string date_element(domain::Time t) {
    std::string out = "<time datetime=\"";
    out += domain::format_rfc3339(t);
    out += "\" title=\"";
    out += exact_time(t);
    out += "\">";
    out += short_date(t);
    out += "</time>";
    return out;
}

std::string iso_duration(std::int32_t seconds) {
    if (seconds <= 0) return "PT0S";
    const int h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    std::string out = "PT";
    if (h > 0) out += std::to_string(h) + "H";
    if (m > 0) out += std::to_string(m) + "M";
    if (s > 0) out += std::to_string(s) + "S";
    return out;
}

std::string duration_element(std::int32_t seconds) {
    return "<time datetime=\"" + iso_duration(seconds) + "\">" + domain::format_duration(seconds) + "</time>";
}

}  // namespace tribune::render
