#pragma once

#include <optional>
#include <string_view>

namespace tribune::domain {

/// What a person may do. Staff (moderator, admin) carry the "Moderator" badge.
enum class Role { kReader, kModerator, kAdmin };

constexpr std::string_view to_string(Role r) {
    switch (r) {
        case Role::kReader: return "reader";
        case Role::kModerator: return "moderator";
        case Role::kAdmin: return "admin";
    }
    return "reader";
}

std::optional<Role> parse_role(std::string_view s);

constexpr bool is_staff(Role r) { return r == Role::kModerator || r == Role::kAdmin; }

}  // namespace tribune::domain
