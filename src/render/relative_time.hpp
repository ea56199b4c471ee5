#pragma once
// "4 years ago": how long ago something happened, in words, with the exact time on hover.

#include <string>

#include "domain/time.hpp"

namespace tribune::render {

/// How long before `now` `then` was, rounded down to the largest whole unit:
///   < 45 s            "just now" (also for any `then` in the future)
///   45 s .. < 1 h     "1 minute ago" / "N minutes ago"
///   1 h .. < 24 h     "1 hour ago" / "N hours ago"
///   1 d .. < 30 d     "1 day ago" / "N days ago"
///   30 d .. < 365 d   "1 month ago" / "N months ago" (30-day months, at most 12)
///   365 d and more    "1 year ago" / "N years ago" (365-day years)
/// web/tribune.js uses the same rules when it refreshes the text. Pure and thread-safe.
std::string relative_time(domain::Time then, domain::Time now);

/// A `<time>` element with the relative text, the RFC 3339 instant and the exact time as its title:
/// `<time datetime="2026-03-15T04:53:00Z" title="15 Mar 2026, 04:53 UTC">4 years ago</time>`.
std::string relative_time_element(domain::Time then, domain::Time now);

}  // namespace tribune::render
