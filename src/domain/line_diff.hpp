#pragma once
// What changed between two texts, line by line: the editor's view of an old version of an
// article against the current one.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tribune::domain {

struct DiffLine {
    enum class Kind { kSame, kAdded, kRemoved };
    Kind kind = Kind::kSame;
    std::string text;
    bool operator==(const DiffLine&) const = default;
};

/// The lines of `after` against `before` (a longest common subsequence of lines): removed lines
/// before the added ones at each change. nullopt when the texts are too long to compare
/// (more than `max_cells` line pairs), so the caller shows both instead.
std::optional<std::vector<DiffLine>> diff_lines(std::string_view before, std::string_view after,
                                                std::size_t max_cells = 4'000'000);

}  // namespace tribune::domain
