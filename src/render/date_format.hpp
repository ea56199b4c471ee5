#pragma once
// Absolute dates and durations as readers see them (always UTC: the server does not know the
// reader's zone; web/tribune.js may localise).

#include <cstdint>
#include <string>

#include "domain/time.hpp"

namespace tribune::render {

/// "15 Mar 2026, 04:53 UTC": the exact time shown on hover.
std::string exact_time(domain::Time t);

/// "Mar 15, 2026": an article's publication date.
std::string short_date(domain::Time t);

/// `<time datetime="2026-03-15T04:53:00Z" title="15 Mar 2026, 04:53 UTC">Mar 15, 2026</time>`.
std::string date_element(domain::Time t);

/// ISO 8601 duration for a `<time datetime>`: "PT4M53S" for 293 s, "PT1H2M3S", "PT0S".
std::string iso_duration(std::int32_t seconds);

/// `<time datetime="PT4M53S">04:53</time>` (label from domain::format_duration).
std::string duration_element(std::int32_t seconds);

}  // namespace tribune::render
