#pragma once
// The values of the notification role (store/notification_store.hpp): what a commenter asked
// for, an address's state, a staff member's choice, and what a person's mail data is (privacy).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/account.hpp"
#include "domain/time.hpp"
#include "store/outbox_types.hpp"

namespace tribune::store {

/// What a commenter asked for when posting (NewComment::notify, a bit set).
inline constexpr int kNotifyReplies = 1;   // mail me approved replies to this comment
inline constexpr int kNotifyApproval = 2;  // mail me when this comment is approved

/// One commenter address (canonical form, domain::canonical_email) as the store knows it.
struct MailAddressState {
    std::string email;
    std::optional<domain::Time> confirmed_at;    // double opt-in done
    std::optional<domain::Time> unsubscribed_at; // "stop all mail"; confirming again clears it
    domain::Time created_at{};
};

enum class StaffMailMode { kOff, kImmediate, kDigest };
std::string_view to_string(StaffMailMode m);
std::optional<StaffMailMode> parse_staff_mail_mode(std::string_view s);

/// How one staff member hears of new pending comments and reports.
struct StaffMailPrefs {
    domain::UserId user_id = 0;
    StaffMailMode mode = StaffMailMode::kOff;
    int digest_minutes = 60;                    // kDigest: at most one mail this often (5..1440)
    std::optional<domain::Time> last_digest_at; // kDigest: the newest work the last digest covered
};

/// What a staff digest is about: pending comments and open reports made after `since`.
struct ModerationWork {
    std::int64_t pending = 0;
    std::int64_t reported = 0;
};

/// The longest page key the notification role takes (a page key is bounded by the comment rules;
/// this only keeps a bad call from storing anything large).
inline constexpr std::size_t kMaxMailPageBytes = 2048;
inline constexpr int kMinDigestMinutes = 5;
inline constexpr int kMaxDigestMinutes = 1440;

/// The mail templates fan_out_events makes messages for (OutboxMessage::event_type, channel mail).
namespace mail_template {
inline constexpr std::string_view kConfirm = "confirm";
inline constexpr std::string_view kReply = "reply";
inline constexpr std::string_view kStaffReply = "staff_reply";
inline constexpr std::string_view kApproved = "approved";
inline constexpr std::string_view kReaderDigest = "reader_digest";
inline constexpr std::string_view kModerationPending = "moderation_pending";
inline constexpr std::string_view kModerationReport = "moderation_report";
}  // namespace mail_template

/// A reader's "stop mail about this thread".
struct ThreadUnsubscribe {
    std::string email;
    std::string page;
    domain::Time at{};
    bool operator==(const ThreadUnsubscribe&) const = default;
};

/// One mail message to a person, as their privacy export shows it (not its body: the body is
/// made when it is sent, from the comment it names).
struct MailRecord {
    std::string recipient;
    std::string event_type;           // the template's name
    std::int64_t subject_id = 0;      // the comment it is about (0: none)
    std::string page;
    MessageStatus status = MessageStatus::kPending;
    domain::Time created_at{};
    std::optional<domain::Time> sent_at;
};

/// What the store keeps about a person's mail: their addresses' state, the threads they stopped,
/// the mail made for them (privacy export and erasure).
struct AuthorMail {
    std::vector<MailAddressState> addresses;
    std::vector<ThreadUnsubscribe> thread_unsubscribes;
    std::vector<MailRecord> messages;
};

}  // namespace tribune::store
