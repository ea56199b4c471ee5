#include "domain/time.hpp"

#include <cstdio>

namespace tribune::domain {

std::string format_rfc3339(Time t) {
    using namespace std::chrono;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss hms{floor<seconds>(t - day)};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                  static_cast<int>(hms.seconds().count()));
    return buf;
}

namespace {

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

// The date and time before the zone, "YYYY-MM-DDTHH:MM:SS[.frac]", as if it were UTC; `pos` is
// left on the first character after it.
std::optional<Time> parse_date_time(std::string_view s, std::size_t& pos) {
    using namespace std::chrono;
    int y, mo, d, h, mi, se;
    if (!read_digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !read_digits(s, 5, 2, mo) ||
        s[7] != '-' || !read_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') ||
        !read_digits(s, 11, 2, h) || s[13] != ':' || !read_digits(s, 14, 2, mi) || s[16] != ':' ||
        !read_digits(s, 17, 2, se))
        return std::nullopt;
    pos = 19;
    std::int64_t micros = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            if (digits < 6) micros = micros * 10 + (s[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 6; ++digits) micros *= 10;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || se > 60) return std::nullopt;
    return time_point_cast<microseconds>(sys_days{ymd} + hours{h} + minutes{mi} + seconds{se}) +
           microseconds{micros};
}

}  // namespace

std::optional<Time> parse_rfc3339(std::string_view s) {
    std::size_t pos = 0;
    const auto t = parse_date_time(s, pos);
    if (!t || pos + 1 != s.size() || (s[pos] != 'Z' && s[pos] != 'z')) return std::nullopt;
    return t;
}

std::optional<Time> parse_rfc3339_offset(std::string_view s) {
    std::size_t pos = 0;
    const auto t = parse_date_time(s, pos);
    if (!t || pos >= s.size()) return std::nullopt;
    if (pos + 1 == s.size() && (s[pos] == 'Z' || s[pos] == 'z')) return t;
    int h, m;
    if (pos + 6 != s.size() || (s[pos] != '+' && s[pos] != '-') || !read_digits(s, pos + 1, 2, h) ||
        s[pos + 3] != ':' || !read_digits(s, pos + 4, 2, m) || h > 23 || m > 59)
        return std::nullopt;
    // Local time = UTC + offset, so UTC = local time - offset.
    const std::chrono::minutes offset{h * 60 + m};
    return s[pos] == '+' ? *t - offset : *t + offset;
}

std::string rfc822_date(Time t) {
    using namespace std::chrono;
    static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const weekday wd{day};
    const hh_mm_ss hms{floor<seconds>(t - day)};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", kDays[wd.c_encoding() % 7],
                  static_cast<unsigned>(ymd.day()), kMonths[(static_cast<unsigned>(ymd.month()) - 1) % 12],
                  static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

}  // namespace tribune::domain
