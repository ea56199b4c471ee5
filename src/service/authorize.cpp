#include "service/authorize.hpp"

namespace tribune::service {

domain::Result<void> authorize(const Actor& actor, Permission permission) {
    using domain::ErrorCode;
    const domain::Role role = actor.viewer.role;
    bool allowed = role == domain::Role::kAdmin;
    if (permission == Permission::kModerate) allowed = domain::is_staff(role);
    if (permission == Permission::kPublish) allowed = domain::edits_articles(role);
    if (permission == Permission::kWrite) allowed = domain::writes_articles(role);
    if (allowed) return {};
    if (!actor.credentials)
        return domain::make_error(ErrorCode::kUnauthenticated, "Authentication required", "log in as a moderator");
    if (permission == Permission::kModerate)
        return domain::make_error(ErrorCode::kForbidden, "Moderators only", "only moderators and admins may do this");
    if (permission == Permission::kPublish)
        return domain::make_error(ErrorCode::kForbidden, "Editors only", "only the newsroom's editors may do this");
    if (permission == Permission::kWrite)
        return domain::make_error(ErrorCode::kForbidden, "Newsroom only", "only the newsroom's authors and editors may do this");
    return domain::make_error(ErrorCode::kForbidden, "Admins only", "only admins may do this");
}

}  // namespace tribune::service
