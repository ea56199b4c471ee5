#pragma once
// Whole numbers a client writes (ids, limits, days, event ids): one parser, so every place
// accepts the same canonical spelling and "7", "07" and "+7" are never three keys for one value.

#include <cstdint>
#include <optional>
#include <string_view>

namespace tribune::domain {

/// `text` as a whole number when it is written canonically: an optional "-", then 1 to 18
/// decimal digits without a leading zero ("0" itself is fine, "-0" is not). Nothing else: no
/// "+", no spaces, no exponent. nullopt otherwise.
std::optional<std::int64_t> parse_integer(std::string_view text);

/// parse_integer() when the number is at least 1: ids.
std::optional<std::int64_t> parse_positive(std::string_view text);

}  // namespace tribune::domain
