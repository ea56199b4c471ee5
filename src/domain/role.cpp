#include "domain/role.hpp"

namespace tribune::domain {

std::optional<Role> parse_role(std::string_view s) {
    for (Role r : {Role::kReader, Role::kAuthor, Role::kEditor, Role::kModerator, Role::kAdmin})
        if (s == to_string(r)) return r;
    return std::nullopt;
}

}  // namespace tribune::domain
