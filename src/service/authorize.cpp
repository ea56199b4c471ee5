#include "service/authorize.hpp"

namespace tribune::service {

domain::Result<void> authorize(const Actor& actor, Permission permission) {
    using domain::ErrorCode;
    const bool allowed = permission == Permission::kModerate ? actor.viewer.is_staff()
                                                             : actor.viewer.role == domain::Role::kAdmin;
    if (allowed) return {};
    if (!actor.credentials)
        return domain::make_error(ErrorCode::kUnauthenticated, "Authentication required", "log in as a moderator");
    if (permission == Permission::kModerate)
        return domain::make_error(ErrorCode::kForbidden, "Moderators only", "only moderators and admins may do this");
    if (permission == Permission::kPublish)
        return domain::make_error(ErrorCode::kForbidden, "Editors only", "only the newsroom's editors may do this");
    return domain::make_error(ErrorCode::kForbidden, "Admins only", "only admins may do this");
}

}  // namespace tribune::service
