#include "domain/decimal.hpp"

namespace tribune::domain {

std::optional<std::int64_t> parse_integer(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    const std::string_view digits = negative ? text.substr(1) : text;
    // 18 digits always fit in int64, so no overflow check is needed below.
    if (digits.empty() || digits.size() > 18) return std::nullopt;
    if (digits.front() == '0' && (digits.size() > 1 || negative)) return std::nullopt;
    std::int64_t value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

std::optional<std::int64_t> parse_positive(std::string_view text) {
    auto v = parse_integer(text);
    if (!v || *v < 1) return std::nullopt;
    return v;
}

}  // namespace tribune::domain
