#include "http/byte_range.hpp"

#include <algorithm>
#include <charconv>

namespace tribune::http {

std::optional<std::pair<std::size_t, std::size_t>> byte_range(std::string_view h, std::size_t size) {
    constexpr std::string_view kUnit = "bytes=";
    if (h.substr(0, kUnit.size()) != kUnit || size == 0) return std::nullopt;
    h.remove_prefix(kUnit.size());
    const auto dash = h.find('-');
    if (dash == std::string_view::npos || h.find(',') != std::string_view::npos) return std::nullopt;
    auto number = [](std::string_view t) -> std::optional<std::size_t> {
        std::size_t n = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
        if (t.empty() || ec != std::errc{} || p != t.data() + t.size()) return std::nullopt;
        return n;
    };
    const auto first = number(h.substr(0, dash)), last = number(h.substr(dash + 1));
    if (!first) {
        if (!last || *last == 0) return std::nullopt;
        return std::pair{size - std::min(*last, size), size - 1};
    }
    if (*first >= size) return std::nullopt;
    std::size_t end = last ? std::min(*last, size - 1) : size - 1;
    if (end < *first) return std::nullopt;
    return std::pair{*first, end};
}

}  // namespace tribune::http
