#pragma once
// The audit log: every change staff (or the command line) make is recorded with its state
// before and after; admins read it at the desk.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/moderation.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"

namespace tribune::service {

/// The audit target naming a comment: "comment:<id>".
std::string comment_target(domain::CommentId id);

/// Appends an entry for something `who` did to `target` ("comment:12", "user:3"...), with the
/// states before and after as JSON text (records_json.hpp). A failed append is the action's
/// error: nothing staff do may go untraced.
domain::Result<void> record_audit(Context& ctx, const Actor& who, std::string action, std::string target,
                                  std::string before, std::string after);

/// Entries newest first (admins only). Errors: kForbidden for moderators.
domain::Result<std::vector<domain::AuditEntry>> list_audit(Context& ctx, const Actor& who,
                                                           std::optional<std::int64_t> before_id, int limit,
                                                           std::string_view target);

}  // namespace tribune::service
