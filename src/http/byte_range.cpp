#include "http/byte_range.hpp"

#include <algorithm>
#include <limits>
#include <optional>

namespace tribune::http {
namespace {

// 1*DIGIT, saturating: a position past any file is still a valid position.
std::optional<std::size_t> range_digits(std::string_view t) {
    if (t.empty()) return std::nullopt;
    std::size_t n = 0;
    for (const char c : t) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto d = static_cast<std::size_t>(c - '0');
        n = n > (std::numeric_limits<std::size_t>::max() - d) / 10 ? std::numeric_limits<std::size_t>::max() : n * 10 + d;
    }
    return n;
}

bool is_bytes_unit(std::string_view unit) {
    constexpr std::string_view kBytes = "bytes";
    return unit.size() == kBytes.size() && std::equal(unit.begin(), unit.end(), kBytes.begin(), [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
           });
}

}  // namespace

RangeAnswer byte_range(std::string_view h, std::size_t size) {
    RangeAnswer whole;
    const auto eq = h.find('=');
    if (eq == std::string_view::npos || !is_bytes_unit(h.substr(0, eq))) return whole;
    h.remove_prefix(eq + 1);
    if (h.find(',') != std::string_view::npos) return whole;  // several ranges: the whole file
    const auto dash = h.find('-');
    if (dash == std::string_view::npos) return whole;
    const std::string_view first_text = h.substr(0, dash), last_text = h.substr(dash + 1);
    RangeAnswer unsatisfiable{RangeAnswer::Kind::kUnsatisfiable};
    if (first_text.empty()) {  // suffix-range: the last n bytes
        const auto n = range_digits(last_text);
        if (!n) return whole;
        if (*n == 0) return unsatisfiable;
        if (size == 0) return whole;  // the whole of nothing is every byte asked for
        return {RangeAnswer::Kind::kPart, size - std::min(*n, size), size - 1};
    }
    const auto first = range_digits(first_text);
    if (!first) return whole;
    std::optional<std::size_t> last;
    if (!last_text.empty()) {
        last = range_digits(last_text);
        if (!last || *last < *first) return whole;  // invalid, not unsatisfiable (RFC 9110 14.1.1)
    }
    if (*first >= size) return unsatisfiable;
    return {RangeAnswer::Kind::kPart, *first, last ? std::min(*last, size - 1) : size - 1};
}

}  // namespace tribune::http
