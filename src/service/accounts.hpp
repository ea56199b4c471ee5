#pragma once
// Staff and reader accounts, managed by admins (at the desk or the command line).

#include <optional>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/role.hpp"
#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"

namespace tribune::service {

/// Admins only.
domain::Result<std::vector<domain::User>> list_users(Context& ctx, const Actor& who);
/// Admins only; audited. Password rules: 10..1024 bytes. Errors: kInvalid (with the fields),
/// kConflict (the email is in use), kUnavailable (too many password hashes at once).
domain::Result<domain::User> create_user(Context& ctx, std::string_view email, std::string_view name,
                                         domain::Role role, std::string_view password, const Actor& who);
/// Changes role and/or disabled (ending the user's sessions when disabled or demoted).
domain::Result<domain::User> update_user(Context& ctx, domain::UserId id, std::optional<domain::Role> role,
                                         std::optional<bool> disabled, const Actor& who);

}  // namespace tribune::service
