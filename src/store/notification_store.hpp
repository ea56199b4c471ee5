#pragma once
// The notification role of the Store: who may receive mail and what they chose. A commenter's
// address (kept with their comment, never shown but to staff) is confirmed once (double opt-in)
// before anything else is mailed to it; a reader can stop mail about one thread or all mail;
// each staff member chooses how they hear of moderation work. The mails themselves are outbox
// messages (store/outbox_store.hpp): `fan_out_events` makes them from these choices in the same
// transaction that takes the event. Every call blocks and is its own transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/notification_types.hpp"

namespace tribune::store {

using domain::Result;

/// Every address and page argument is bounded: an address 1..domain::kMaxEmailBytes, a page
/// 1..kMaxMailPageBytes; kInvalid otherwise, with nothing changed.
class NotificationStore {
public:
    virtual ~NotificationStore() = default;

    /// nullopt for an address never seen. Errors: kUnavailable.
    virtual Result<std::optional<MailAddressState>> mail_address(std::string_view email) = 0;

    /// Marks an address confirmed (made if missing) and clears an earlier "stop all mail".
    virtual Result<MailAddressState> confirm_mail_address(std::string_view email, domain::Time at) = 0;

    /// "Stop all mail" for an address (made if missing): no reader mail is made for it after this,
    /// and its reader mails not yet sent are removed (confirm, reply, staff_reply, approved,
    /// reader_digest; staff mail stays). A later comment of theirs that asks for mail again gets
    /// a new confirmation, and confirming takes the stop back.
    virtual Result<void> unsubscribe_mail_address(std::string_view email, domain::Time at) = 0;

    /// "Stop mail about this thread" for an address: no reply mail about `page` is made for it
    /// after this, and such mails not yet sent are removed. Idempotent.
    virtual Result<void> unsubscribe_thread(std::string_view email, std::string_view page, domain::Time at) = 0;

    /// Whether the address stopped mail about `page`.
    virtual Result<bool> thread_unsubscribed(std::string_view email, std::string_view page) = 0;

    /// A staff member's choice (kOff when never set). Errors: kNotFound for an unknown account.
    virtual Result<StaffMailPrefs> staff_mail_prefs(domain::UserId user_id) = 0;
    /// Sets mode and digest_minutes (last_digest_at is the store's: mark_staff_digest). Errors:
    /// kNotFound for an unknown account; kInvalid for digest_minutes outside
    /// kMinDigestMinutes..kMaxDigestMinutes.
    virtual Result<StaffMailPrefs> set_staff_mail_prefs(const StaffMailPrefs& prefs) = 0;

    /// Staff in kDigest mode whose digest is due at `now` (last_digest_at + digest_minutes <=
    /// now, or never sent), enabled moderators and admins with an address only.
    virtual Result<std::vector<StaffMailPrefs>> due_staff_digests(domain::Time now) = 0;

    /// The work made after `since` (nullopt: all open work): pending comments and comments with
    /// open reports.
    virtual Result<ModerationWork> moderation_work_since(std::optional<domain::Time> since) = 0;

    /// Records that a digest covering work up to `covered_until` is being queued for `user_id`,
    /// only while the last mark is still `previous` (nullopt: never marked). False when another
    /// node marked it first: that node queues the digest, this one must not.
    virtual Result<bool> mark_staff_digest(domain::UserId user_id, domain::Time covered_until,
                                           std::optional<domain::Time> previous) = 0;

    /// Mail messages to `recipient` marked sent at or after `since` (the hourly limit).
    virtual Result<std::int64_t> mails_sent_to(std::string_view recipient, domain::Time since) = 0;
};

}  // namespace tribune::store
