#include "service/actor.hpp"

namespace tribune::service {

std::string Actor::actor_name() const {
    if (command_line) return "cli";
    if (admin_token) return "admin token";
    if (!viewer.name.empty()) return viewer.name;
    return std::string(to_string(viewer.role));
}

Actor Actor::command_line_operator() {
    Actor a;
    a.viewer.role = domain::Role::kAdmin;
    a.credentials = true;
    a.command_line = true;
    return a;
}

}  // namespace tribune::service
