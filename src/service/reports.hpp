#pragma once
// Readers' reports of comments; past the install's threshold a comment enters the Reported queue
// (and, when the policy says so, is hidden until a moderator looks).

#include <string_view>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/store.hpp"

namespace tribune::service {

/// A reader's report. Errors: kNotFound (cannot see it), kConflict (already reported by this
/// reader), kInvalid (reason missing or over 500 characters), kRateLimited.
domain::Result<store::ReportOutcome> report_comment(Context& ctx, domain::CommentId id, std::string_view reason,
                                                    const Actor& who);

}  // namespace tribune::service
