#pragma once
// What readers and staff do about mail: a reader confirms an address or stops mail through the
// links in it (the signed token is the whole proof: no login, service/mail_tokens.hpp), and each
// staff member chooses how they hear of moderation work. Sending is the outbox's (outbox_sender).

#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "service/mail_tokens.hpp"

namespace tribune::service {

/// What a reader asked for when commenting: where to write and what about (never shown).
struct MailRequest {
    std::string email;  // canonical (domain::canonical_email); "" for none
    int notify = 0;     // store::kNotifyReplies | store::kNotifyApproval
};

/// Checks what a comment form sent: `raw_email` blank is no address; otherwise it must be an
/// address (kInvalid, field author_email); asking for mail without one is kInvalid too.
domain::Result<MailRequest> read_mail_request(std::string_view raw_email, bool notify_replies, bool notify_approval);

/// Which links a page reads.
enum class MailLinkKind { kConfirm, kUnsubscribe };

/// The token `text` stands for when it is a valid link of `kind` (an unsubscribe link stops
/// mail about one thread or all mail), for the page that asks before acting; changes nothing.
/// Errors: kMalformed "This link is not valid"; kRateLimited after too many bad links from the
/// network of `client_ip`.
domain::Result<MailToken> read_mail_link(Context& ctx, MailLinkKind kind, std::string_view text,
                                         std::string_view client_ip);

/// Confirms the address a confirmation link names (double opt-in; also undoes "stop all mail").
/// Idempotent. Errors: those of read_mail_link, kUnavailable.
domain::Result<MailToken> confirm_address(Context& ctx, std::string_view text, std::string_view client_ip);

/// Stops what an unsubscribe link names: mail about its thread, or all mail to the address.
/// Idempotent (a mail client may send it twice). Errors: those of read_mail_link, kUnavailable.
domain::Result<MailToken> unsubscribe(Context& ctx, std::string_view text, std::string_view client_ip);

/// How a staff member hears of new moderation work (store::StaffMailPrefs in plain values).
struct StaffMailChoice {
    std::string mode = "off";  // "off", "immediate" or "digest"
    int digest_minutes = 60;   // "digest": at most one mail this often
};
inline constexpr int kMinDigestMinutes = 5;
inline constexpr int kMaxDigestMinutes = 1440;

/// The caller's own choice. Staff only (kForbidden otherwise); the admin token, having no
/// account, is kForbidden too. Errors also: kUnavailable.
domain::Result<StaffMailChoice> my_mail_choice(Context& ctx, const Actor& who);

/// Sets the caller's own choice. Errors: those of my_mail_choice; kInvalid (fields mode,
/// digest_minutes: kMinDigestMinutes..kMaxDigestMinutes).
domain::Result<StaffMailChoice> set_my_mail_choice(Context& ctx, const Actor& who, const StaffMailChoice& choice);

}  // namespace tribune::service
