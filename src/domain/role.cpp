#include "domain/role.hpp"

namespace tribune::domain {

std::optional<Role> parse_role(std::string_view s) {
    if (s == "reader") return Role::kReader;
    if (s == "moderator") return Role::kModerator;
    if (s == "admin") return Role::kAdmin;
    return std::nullopt;
}

}  // namespace tribune::domain
