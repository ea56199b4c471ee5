#pragma once
// Time as the domain sees it: UTC, microsecond precision (what both SQLite and PostgreSQL keep).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tribune::domain {

using Time = std::chrono::sys_time<std::chrono::microseconds>;

/// Microseconds since the Unix epoch, as stored.
inline std::int64_t to_micros(Time t) { return t.time_since_epoch().count(); }
inline Time from_micros(std::int64_t us) { return Time{std::chrono::microseconds{us}}; }

/// RFC 3339 UTC, seconds precision: "2026-03-15T04:53:00Z" (the API's time format).
std::string format_rfc3339(Time t);

/// RFC 822 (as RSS 2.0 writes it, with a four-digit year), always UTC: "Sun, 15 Mar 2026 04:53:00 GMT".
std::string rfc822_date(Time t);

/// Parses "YYYY-MM-DDTHH:MM:SS[.frac]Z"; nullopt when it is not that.
std::optional<Time> parse_rfc3339(std::string_view text);

/// Parses RFC 3339 with any offset, "YYYY-MM-DDTHH:MM:SS[.frac]" then "Z" or "+HH:MM"/"-HH:MM",
/// as the UTC instant it names ("2026-01-15T13:00:00+01:00" is 12:00 UTC); nullopt otherwise.
std::optional<Time> parse_rfc3339_offset(std::string_view text);

/// The source of "now", passed in so that tests can choose it (docs/development.md, Conventions).
class Clock {
public:
    virtual ~Clock() = default;
    virtual Time now() const = 0;
};

/// The wall clock.
class SystemClock final : public Clock {
public:
    Time now() const override {
        return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    }
};

}  // namespace tribune::domain
