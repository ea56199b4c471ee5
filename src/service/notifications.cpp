#include "service/notifications.hpp"

#include <chrono>

#include "domain/email_address.hpp"
#include "service/authorize.hpp"
#include "store/notification_store.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;
using domain::FieldError;
using domain::make_error;

domain::Error invalid_mail_link(MailLinkKind kind) {
    return make_error(ErrorCode::kMalformed, "This link is not valid",
                      kind == MailLinkKind::kConfirm
                          ? "The link may be incomplete or more than a week old. Comment again with your "
                            "address to get a new one."
                          : "The link may be incomplete. Use the link in the newest mail you received.");
}

bool mail_link_fits(MailLinkKind kind, MailTokenPurpose purpose) {
    return kind == MailLinkKind::kConfirm ? purpose == MailTokenPurpose::kConfirm
                                          : purpose != MailTokenPurpose::kConfirm;
}

domain::Error staff_without_account() {
    return make_error(ErrorCode::kForbidden, "No account",
                      "the admin token belongs to no staff member: log in to choose how you hear of work");
}

// The caller's account id: staff with an account only.
domain::Result<domain::UserId> staff_account(const Actor& who) {
    if (auto ok = authorize(who, Permission::kModerate); !ok) return ok.error();
    if (!who.viewer.user_id) return staff_without_account();
    return *who.viewer.user_id;
}

}  // namespace

domain::Result<MailRequest> read_mail_request(std::string_view raw_email, bool notify_replies, bool notify_approval) {
    MailRequest out;
    const bool blank = raw_email.find_first_not_of(" \t\r\n") == std::string_view::npos;
    if (!blank) {
        auto email = domain::canonical_email(raw_email);
        if (!email)
            return make_error(ErrorCode::kInvalid, "Invalid email address", "That email address is not valid.",
                              {FieldError{"author_email", "not an email address (at most 254 bytes)"}});
        out.email = std::move(*email);
    }
    out.notify = (notify_replies ? store::kNotifyReplies : 0) | (notify_approval ? store::kNotifyApproval : 0);
    if (out.notify != 0 && out.email.empty())
        return make_error(ErrorCode::kInvalid, "Email address needed", "Give an email address to be notified by email.",
                          {FieldError{"author_email", "needed to be notified"}});
    return out;
}

domain::Result<MailToken> read_mail_link(Context& ctx, MailLinkKind kind, std::string_view text,
                                         std::string_view client_ip) {
    auto token = read_mail_token(text, ctx.guards.mail_key, ctx.clock.now());
    if (token && mail_link_fits(kind, token->purpose)) return std::move(*token);
    // Only bad links count, so a good one always works, even from a mail provider's servers that
    // post many readers' one-click unsubscribes; guessing (hopeless: a 256-bit MAC) is bounded.
    if (auto wait = ctx.guards.bad_mail_links_per_ip.take(ctx.guards.hash_ip(client_ip), std::chrono::steady_clock::now())) {
        auto e = make_error(ErrorCode::kRateLimited, "Too many bad links", "try again later");
        e.retry_after_seconds = static_cast<int>(wait->count());
        return e;
    }
    return invalid_mail_link(kind);
}

domain::Result<MailToken> confirm_address(Context& ctx, std::string_view text, std::string_view client_ip) {
    auto token = read_mail_link(ctx, MailLinkKind::kConfirm, text, client_ip);
    if (!token) return token.error();
    // A link mailed before the reader stopped all mail cannot undo that stop: only a new one can,
    // which only a new comment asking for mail sends.
    auto state = ctx.store.mail_address(token->email);
    if (!state) return state.error();
    if (*state && (*state)->unsubscribed_at && token->issued_at < *(*state)->unsubscribed_at)
        return make_error(ErrorCode::kInvalid, "This link is out of date",
                          "You stopped all mail after this link was sent. Comment again with your address to start over.");
    auto done = ctx.store.confirm_mail_address(token->email, ctx.clock.now());
    if (!done) return done.error();
    return token;
}

domain::Result<MailToken> unsubscribe(Context& ctx, std::string_view text, std::string_view client_ip) {
    auto token = read_mail_link(ctx, MailLinkKind::kUnsubscribe, text, client_ip);
    if (!token) return token.error();
    const auto now = ctx.clock.now();
    auto done = token->purpose == MailTokenPurpose::kUnsubscribeThread
                    ? ctx.store.unsubscribe_thread(token->email, token->page, now)
                    : ctx.store.unsubscribe_mail_address(token->email, now);
    if (!done) return done.error();
    return token;
}

domain::Result<StaffMailChoice> my_mail_choice(Context& ctx, const Actor& who) {
    auto user = staff_account(who);
    if (!user) return user.error();
    auto prefs = ctx.store.staff_mail_prefs(*user);
    if (!prefs) return prefs.error();
    return StaffMailChoice{std::string(store::to_string(prefs->mode)), prefs->digest_minutes};
}

domain::Result<StaffMailChoice> set_my_mail_choice(Context& ctx, const Actor& who, const StaffMailChoice& choice) {
    auto user = staff_account(who);
    if (!user) return user.error();
    if (choice.digest_minutes < kMinDigestMinutes || choice.digest_minutes > kMaxDigestMinutes)
        return make_error(ErrorCode::kInvalid, "Invalid digest interval", "digest_minutes is from 5 to 1440",
                          {FieldError{"digest_minutes", "from 5 to 1440 minutes"}});
    const auto mode = store::parse_staff_mail_mode(choice.mode);
    if (!mode)
        return make_error(ErrorCode::kInvalid, "Invalid mode", "mode is off, immediate or digest",
                          {FieldError{"mode", "off, immediate or digest"}});
    auto current = ctx.store.staff_mail_prefs(*user);
    if (!current) return current.error();
    store::StaffMailPrefs prefs = *current;  // keeps when the last digest went
    prefs.mode = *mode;
    prefs.digest_minutes = choice.digest_minutes;
    auto saved = ctx.store.set_staff_mail_prefs(prefs);
    if (!saved) return saved.error();
    return StaffMailChoice{std::string(store::to_string(saved->mode)), saved->digest_minutes};
}

}  // namespace tribune::service
