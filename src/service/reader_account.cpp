#include "service/reader_account.hpp"

#include <algorithm>

#include "domain/comment_text.hpp"
#include "service/author_token.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;
using domain::make_error;

domain::Result<domain::UserId> signed_in(const Actor& who) {
    if (!who.session || !who.viewer.user_id)
        return make_error(ErrorCode::kUnauthenticated, "Not signed in", "sign in to see your account");
    return *who.viewer.user_id;
}

// A comment page's cached forms and lists show the old name: drop them, as a comment change does.
void pages_changed(Context& ctx, const std::vector<std::string>& pages) {
    for (const auto& page : pages) ctx.events.thread_changed(page);
}

}  // namespace

domain::Result<domain::User> own_account(Context& ctx, const Actor& who) {
    auto id = signed_in(who);
    if (!id) return id.error();
    return ctx.store.get_user(*id);
}

domain::Result<domain::User> rename_own_account(Context& ctx, const Actor& who, std::string_view name) {
    auto id = signed_in(who);
    if (!id) return id.error();
    auto valid = domain::validate_author_name(name, ctx.rules.limits);
    if (!valid) return valid.error();
    if (*valid == domain::kNoName)
        return make_error(ErrorCode::kInvalid, "Choose a name", "the name shown with your comments cannot be blank",
                          {domain::FieldError{"name", "is required"}});
    auto pages = ctx.store.rename_account(*id, *valid);
    if (!pages) return pages.error();
    ctx.guards.sessions.erase_user(*id);  // the cached viewer carries the old name
    pages_changed(ctx, *pages);
    return ctx.store.get_user(*id);
}

domain::Result<int> claim_own_comments(Context& ctx, const Actor& who, std::string_view author_token) {
    auto id = signed_in(who);
    if (!id) return id.error();
    if (!is_author_token(author_token))
        return make_error(ErrorCode::kInvalid, "Not an author token", "send the token your comments were posted with",
                          {domain::FieldError{"author_token", "an author token"}});
    auto pages = ctx.store.claim_comments(*id, hash_author_token(author_token));
    if (!pages) return pages.error();
    pages_changed(ctx, *pages);
    return static_cast<int>(pages->size());
}

domain::Result<std::vector<store::OwnComment>> own_comments(Context& ctx, const Actor& who, int limit,
                                                           std::optional<std::int64_t> before) {
    auto id = signed_in(who);
    if (!id) return id.error();
    return ctx.store.account_comments(*id, std::clamp(limit, 1, 200), before);
}

domain::Result<bool> own_mail_allowed(Context& ctx, const Actor& who) {
    auto user = own_account(ctx, who);
    if (!user) return user.error();
    if (!user->email_verified || domain::is_placeholder_email(user->email)) return false;
    auto state = ctx.store.mail_address(user->email);
    if (!state) return state.error();
    return !*state || !(*state)->unsubscribed_at;
}

domain::Result<void> set_own_mail_allowed(Context& ctx, const Actor& who, bool allowed) {
    auto user = own_account(ctx, who);
    if (!user) return user.error();
    if (!user->email_verified || domain::is_placeholder_email(user->email))
        return make_error(ErrorCode::kConflict, "No address to mail", "this account has no verified email address");
    if (allowed) {
        auto confirmed = ctx.store.confirm_mail_address(user->email, ctx.clock.now());
        if (!confirmed) return confirmed.error();
        return {};
    }
    return ctx.store.unsubscribe_mail_address(user->email, ctx.clock.now());
}

}  // namespace tribune::service
