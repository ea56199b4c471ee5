#pragma once
// Privacy (admins only): everything stored about one commenter, and its erasure.

#include <optional>
#include <string>

#include "domain/account.hpp"
#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/store.hpp"

namespace tribune::service {

/// The commenter, exactly one of: the author of comment `comment_id` (its account, else its
/// author token, else the email kept with it by an import), account `user_id`, or whoever an
/// import kept `email` for (as the request gave it: canonicalised and checked here).
struct AuthorRef {
    std::optional<domain::CommentId> comment_id;
    std::optional<domain::UserId> user_id;
    std::optional<std::string> email;
};
/// As a JSON document (records_json.hpp, encode_author_data); audited.
domain::Result<std::string> export_author(Context& ctx, const AuthorRef& ref, const Actor& who);
/// Erases their comments, reports, account and sessions; their threads' readers hear of it.
domain::Result<store::EraseSummary> erase_author(Context& ctx, const AuthorRef& ref, const Actor& who);

/// A signed-in reader's own data, as export_author gives an admin (account key only); audited.
/// Errors: kUnauthenticated.
domain::Result<std::string> export_own_data(Context& ctx, const Actor& who);

/// A signed-in reader deletes their own account: erase_author of their account, audited under
/// their name. Staff and newsroom accounts are refused (kForbidden: an admin removes those).
domain::Result<store::EraseSummary> erase_own_account(Context& ctx, const Actor& who);

}  // namespace tribune::service
