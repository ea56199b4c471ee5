#pragma once
// The notification role (store/notification_store.hpp), written once over SqlSession in the SQL
// both engines run, and the mail half of the outbox's fan-out. Each engine's NotificationStore
// method opens its transaction (or read) and calls one of these; the privacy role calls the
// author_mail steps inside its own export and erasure.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/common/sql_session.hpp"
#include "store/notification_types.hpp"

namespace tribune::store::notification_steps {

using domain::Result;

/// Checks an address (1..domain::kMaxEmailBytes) and, when given, a page before any transaction
/// opens. Errors: kInvalid.
Result<void> check_address(std::string_view email, std::optional<std::string_view> page = std::nullopt);
/// Checks a staff member's choice before any transaction opens. Errors: kInvalid.
Result<void> check_staff_mail_prefs(const StaffMailPrefs& prefs);

/// A read.
Result<std::optional<MailAddressState>> mail_address(SqlSession& db, std::string_view email);
Result<MailAddressState> confirm_mail_address(SqlSession& db, std::string_view email, domain::Time at);
Result<void> unsubscribe_mail_address(SqlSession& db, std::string_view email, domain::Time at);
Result<void> unsubscribe_thread(SqlSession& db, std::string_view email, std::string_view page, domain::Time at);
/// A read.
Result<bool> thread_unsubscribed(SqlSession& db, std::string_view email, std::string_view page);
/// A read.
Result<StaffMailPrefs> staff_mail_prefs(SqlSession& db, domain::UserId user_id);
Result<StaffMailPrefs> set_staff_mail_prefs(SqlSession& db, const StaffMailPrefs& prefs);
/// A read.
Result<std::vector<StaffMailPrefs>> due_staff_digests(SqlSession& db, domain::Time now);
/// A read.
Result<ModerationWork> moderation_work_since(SqlSession& db, std::optional<domain::Time> since);
Result<bool> mark_staff_digest(SqlSession& db, domain::UserId user_id, domain::Time covered_until,
                               std::optional<domain::Time> previous);
/// A read.
Result<std::int64_t> mails_sent_to(SqlSession& db, std::string_view recipient, domain::Time since);

/// The mail messages the taken events make (`ids`: their ids as a JSON array, "[4,7,9]"), inside
/// fan_out_events' transaction, before the events go: confirmations, reply, staff-reply and
/// approval mail to readers, and immediate moderation mail to staff.
Result<void> fan_out_mail(SqlSession& db, std::string_view ids, domain::Time now);

/// The addresses a person's mail data is kept under: the key's email, their account's, and the
/// ones kept with their comments; sorted, without repeats or "".
std::vector<std::string> addresses_of(std::string_view key_email, const std::optional<domain::User>& user,
                                      const std::vector<std::string>& comment_emails);
/// A read: the mail data kept under `addresses` (privacy export).
Result<AuthorMail> author_mail(SqlSession& db, const std::vector<std::string>& addresses);
/// Removes the mail data kept under `addresses`: their state, thread unsubscribes and every mail
/// message to them (privacy erasure, in its transaction).
Result<void> erase_author_mail(SqlSession& db, const std::vector<std::string>& addresses);

}  // namespace tribune::store::notification_steps
