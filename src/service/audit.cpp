#include "service/audit.hpp"

#include "service/authorize.hpp"
#include <algorithm>

namespace tribune::service {

std::string comment_target(domain::CommentId id) { return "comment:" + std::to_string(id); }
using domain::ErrorCode;
using domain::make_error;

// A failed append fails the action's answer: nothing a moderator does may go untraced (the
// change itself is committed; the error tells them to look).
domain::Result<void> record_audit(Context& ctx, const Actor& who, std::string action, std::string target,
                                  std::string before, std::string after) {
    domain::AuditEntry e;
    e.at = ctx.clock.now();
    e.actor_user_id = who.viewer.user_id;
    e.actor = who.actor_name();
    e.action = std::move(action);
    e.target = std::move(target);
    e.before = before.empty() ? "{}" : std::move(before);
    e.after = after.empty() ? "{}" : std::move(after);
    auto stored = ctx.store.append_audit(e);
    if (!stored) return stored.error();
    return {};
}

domain::Result<std::vector<domain::AuditEntry>> list_audit(Context& ctx, const Actor& who,
                                                           std::optional<std::int64_t> before_id, int limit,
                                                           std::string_view target) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    return ctx.store.list_audit(before_id, std::clamp(limit, 1, 500), target);
}

}  // namespace tribune::service
