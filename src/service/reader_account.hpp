#pragma once
// What a signed-in reader does with their own account: see it, rename it (the one name shown on
// all their comments), claim the comments they wrote before signing in, list their comments,
// download their data and delete the account. Every call needs a session (Actor::session).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/identity_types.hpp"

namespace tribune::service {

/// The actor's account. Errors: kUnauthenticated (not signed in).
domain::Result<domain::User> own_account(Context& ctx, const Actor& who);

/// Sets the display name (validated as a comment's name; blank refused) on the account and on
/// every comment it wrote. Errors: kUnauthenticated, kInvalid (field "name").
domain::Result<domain::User> rename_own_account(Context& ctx, const Actor& who, std::string_view name);

/// Makes the comments written with `author_token` the account's. Returns how many changed.
/// Errors: kUnauthenticated, kInvalid (field "author_token": not a token).
domain::Result<int> claim_own_comments(Context& ctx, const Actor& who, std::string_view author_token);

/// The account's comments, newest first (limit 1..100), before comment `before` when given.
domain::Result<std::vector<store::OwnComment>> own_comments(Context& ctx, const Actor& who, int limit,
                                                           std::optional<std::int64_t> before);

/// Whether reply and approval mail may go to the account's (verified) address: false when the
/// reader stopped all mail, or the account has no verified address.
domain::Result<bool> own_mail_allowed(Context& ctx, const Actor& who);

/// Stops all mail to the account's address, or allows it again (the address is verified, so
/// it needs no new confirmation). Errors: kUnauthenticated, kConflict (no verified address).
domain::Result<void> set_own_mail_allowed(Context& ctx, const Actor& who, bool allowed);

}  // namespace tribune::service
