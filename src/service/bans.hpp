#pragma once
// Bans: who may no longer comment (an account, an author token, the keyed hash of an address).

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/comment.hpp"
#include "domain/moderation.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"

namespace tribune::service {

/// Bans the author of comment `id`: their account (if any), their author token and the keyed
/// hash of the address the comment came from; for `duration_days` days, or for good when
/// nullopt. The comment itself is marked spam. Staff only. Errors: as moderate_comment; kInvalid
/// for a comment with no author left to ban (erased), or a staff author.
domain::Result<std::vector<domain::Ban>> ban_author(Context& ctx, domain::CommentId id,
                                                    std::optional<int> duration_days, std::string_view reason,
                                                    const Actor& who);

domain::Result<std::vector<domain::Ban>> list_bans(Context& ctx, const Actor& who);
domain::Result<domain::Ban> lift_ban(Context& ctx, std::int64_t ban_id, const Actor& who);

}  // namespace tribune::service
