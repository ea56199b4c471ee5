#include "domain/line_diff.hpp"

#include <algorithm>
#include <cstdint>

namespace tribune::domain {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);  // versions saved before endings were made one
        out.push_back(line);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return out;
}

}  // namespace

std::optional<std::vector<DiffLine>> diff_lines(std::string_view before, std::string_view after, std::size_t max_cells) {
    const auto a = lines_of(before);
    const auto b = lines_of(after);
    // The common head and tail cost nothing: only the middle is compared pair by pair.
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
    const std::size_t n = a.size() - head - tail;
    const std::size_t m = b.size() - head - tail;
    if (n != 0 && m != 0 && (n + 1) > max_cells / (m + 1)) return std::nullopt;
    // lcs[i][j]: the longest common subsequence of a's middle from i and b's middle from j.
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    std::vector<DiffLine> out;
    out.reserve(head + tail + n + m);
    for (std::size_t k = 0; k < head; ++k) out.push_back({DiffLine::Kind::kSame, std::string(a[k])});
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[head + i] == b[head + j]) {
            out.push_back({DiffLine::Kind::kSame, std::string(a[head + i])});
            ++i, ++j;
        } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
            out.push_back({DiffLine::Kind::kRemoved, std::string(a[head + i])});
            ++i;
        } else {
            out.push_back({DiffLine::Kind::kAdded, std::string(b[head + j])});
            ++j;
        }
    }
    for (std::size_t k = a.size() - tail; k < a.size(); ++k) out.push_back({DiffLine::Kind::kSame, std::string(a[k])});
    return out;
}

}  // namespace tribune::domain
