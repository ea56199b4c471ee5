#include "service/accounts.hpp"

#include <algorithm>
#include <cctype>
#include "domain/comment_text.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/password.hpp"
#include "service/records_json.hpp"

namespace tribune::service {
using domain::ErrorCode;
using domain::make_error;

domain::Result<std::vector<domain::User>> list_users(Context& ctx, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    return ctx.store.list_users();
}

domain::Result<domain::User> create_user(Context& ctx, std::string_view email_in, std::string_view name_in,
                                         domain::Role role, std::string_view password, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    std::vector<domain::FieldError> bad;
    std::string email(email_in);
    std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto at = email.find('@');
    if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
        email.find_first_of(" \t\r\n<>\"") != std::string::npos)
        bad.push_back({"email", "must be an email address"});
    auto name = domain::validate_author_name(name_in, ctx.rules.limits);
    if (!name || name_in.empty()) bad.push_back({"name", "1..64 characters, no control characters"});
    if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes)
        bad.push_back({"password", "10..1024 bytes"});
    if (!bad.empty()) {
        std::string detail = bad.front().field + ": " + bad.front().message;  // before `bad` is moved
        return make_error(ErrorCode::kInvalid, "Invalid account", std::move(detail), std::move(bad));
    }
    ConcurrencyLimit::Pass pass(ctx.guards.password_work);
    if (!pass.entered()) return make_error(ErrorCode::kUnavailable, "Server busy", "too many password checks at once; retry");
    auto hash = hash_password(password);
    if (!hash) return make_error(ErrorCode::kUnavailable, "Server busy", "could not hash the password; retry");
    domain::NewUser u{email, *name, role, *hash, ctx.clock.now(), false, ""};
    auto stored = ctx.store.insert_user(u);
    if (!stored) {
        if (stored.error().code == ErrorCode::kConflict)
            return make_error(ErrorCode::kConflict, "Email already in use", "another account has this email",
                              {domain::FieldError{"email", "already in use"}});
        return stored.error();
    }
    if (auto ok = record_audit(ctx, who, "user.create", "user:" + std::to_string(stored->id), "{}", encode_user(*stored));
        !ok)
        return ok.error();
    return stored;
}

domain::Result<domain::User> update_user(Context& ctx, domain::UserId id, std::optional<domain::Role> role,
                                         std::optional<bool> disabled, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto user = ctx.store.get_user(id);
    if (!user) return user.error();
    if (who.viewer.user_id && *who.viewer.user_id == id && ((role && *role != user->role) || (disabled && *disabled)))
        return make_error(ErrorCode::kConflict, "Not on your own account",
                          "another admin must change your role or disable you");
    domain::User changed = *user;
    if (role) changed.role = *role;
    if (disabled) changed.disabled = *disabled;
    if (changed == *user) return changed;
    auto stored = ctx.store.update_user(changed);
    if (!stored) return stored.error();
    if (stored->disabled || stored->role != user->role) {
        if (auto ok = ctx.store.delete_user_sessions(id); !ok) return ok.error();
        ctx.guards.sessions.erase_user(id);
    }
    if (auto ok = record_audit(ctx, who, "user.update", "user:" + std::to_string(id), encode_user(*user), encode_user(*stored));
        !ok)
        return ok.error();
    return stored;
}

}  // namespace tribune::service
