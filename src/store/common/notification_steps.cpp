#include "store/common/notification_steps.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include "domain/email_address.hpp"
#include "store/common/outbox_steps.hpp"
#include "store/outbox_types.hpp"

namespace tribune::store::notification_steps {
namespace {

using domain::ErrorCode;

std::string notify_cat(std::initializer_list<std::string_view> parts) {
    std::string s;
    for (auto p : parts) s += p;
    return s;
}

// The reader mail templates (every mail but staff mail): "stop all mail" removes these.
constexpr std::string_view kReaderMailTypes = "('confirm', 'reply', 'staff_reply', 'approved', 'reader_digest')";
constexpr std::string_view kReplyMailTypes = "('reply', 'staff_reply')";
const std::string kRepliesBit = std::to_string(kNotifyReplies);
const std::string kApprovalBit = std::to_string(kNotifyApproval);

constexpr std::string_view kAddressColumns = "email, confirmed_at, unsubscribed_at, created_at";
constexpr std::string_view kPrefsColumns = "user_id, mode, digest_minutes, last_digest_at";

const PortableSql kGetAddress(
    notify_cat({"SELECT ", kAddressColumns, " FROM mail_addresses WHERE email = CAST(?1 AS TEXT)"}));
// Confirming keeps the first confirmation's time and takes back an earlier "stop all mail".
const PortableSql kConfirmAddress(notify_cat(
    {"INSERT INTO mail_addresses (email, confirmed_at, unsubscribed_at, created_at) VALUES (CAST(?1 AS TEXT),"
     " CAST(?2 AS BIGINT), NULL, CAST(?2 AS BIGINT)) ON CONFLICT (email) DO UPDATE SET confirmed_at ="
     " coalesce(mail_addresses.confirmed_at, excluded.confirmed_at), unsubscribed_at = NULL RETURNING ",
     kAddressColumns}));
const PortableSql kUnsubscribeAddress(
    "INSERT INTO mail_addresses (email, confirmed_at, unsubscribed_at, created_at) VALUES (CAST(?1 AS TEXT), NULL,"
    " CAST(?2 AS BIGINT), CAST(?2 AS BIGINT)) ON CONFLICT (email) DO UPDATE SET unsubscribed_at ="
    " coalesce(mail_addresses.unsubscribed_at, excluded.unsubscribed_at)");
const PortableSql kDropReaderMail(notify_cat(
    {"DELETE FROM outbox_messages WHERE recipient = CAST(?1 AS TEXT) AND channel = 'mail' AND status = 'pending'"
     " AND event_type IN ",
     kReaderMailTypes}));
const PortableSql kUnsubscribeThread(
    "INSERT INTO mail_thread_unsubscribes (email, page, at) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT),"
    " CAST(?3 AS BIGINT)) ON CONFLICT (email, page) DO NOTHING");
const PortableSql kDropThreadMail(notify_cat(
    {"DELETE FROM outbox_messages WHERE recipient = CAST(?1 AS TEXT) AND channel = 'mail' AND status = 'pending'"
     " AND page = CAST(?2 AS TEXT) AND event_type IN ",
     kReplyMailTypes}));
const PortableSql kThreadUnsubscribed(
    "SELECT 1 FROM mail_thread_unsubscribes WHERE email = CAST(?1 AS TEXT) AND page = CAST(?2 AS TEXT)");

// Staff: an account without a row has chosen nothing yet (off).
const PortableSql kStaffPrefs(
    "SELECT u.id, coalesce(s.mode, 'off'), coalesce(s.digest_minutes, 60), s.last_digest_at FROM users AS u"
    " LEFT JOIN staff_mail_prefs AS s ON s.user_id = u.id WHERE u.id = CAST(?1 AS BIGINT)");
const PortableSql kUserExists("SELECT 1 FROM users WHERE id = CAST(?1 AS BIGINT)");
const PortableSql kSetStaffPrefs(notify_cat(
    {"INSERT INTO staff_mail_prefs (user_id, mode, digest_minutes, last_digest_at) VALUES (CAST(?1 AS BIGINT),"
     " CAST(?2 AS TEXT), CAST(?3 AS BIGINT), NULL) ON CONFLICT (user_id) DO UPDATE SET mode = excluded.mode,"
     " digest_minutes = excluded.digest_minutes RETURNING ",
     kPrefsColumns}));
// Who gets moderation mail at all: enabled moderators and admins with an address.
constexpr std::string_view kMailableStaff = "u.disabled = 0 AND u.role IN ('moderator', 'admin') AND u.email <> ''";
const PortableSql kDueDigests(notify_cat(
    {"SELECT s.user_id, s.mode, s.digest_minutes, s.last_digest_at FROM staff_mail_prefs AS s JOIN users AS u"
     " ON u.id = s.user_id WHERE s.mode = 'digest' AND ",
     kMailableStaff,
     " AND (s.last_digest_at IS NULL OR s.last_digest_at + CAST(s.digest_minutes AS BIGINT) * 60000000"
     " <= CAST(?1 AS BIGINT)) ORDER BY s.user_id"}));
const PortableSql kModerationWork(
    "SELECT (SELECT count(*) FROM comments WHERE status = 'pending' AND created_at > CAST(?1 AS BIGINT)),"
    " (SELECT count(DISTINCT r.comment_id) FROM reports AS r JOIN comments AS c ON c.id = r.comment_id"
    " WHERE r.resolved = 0 AND r.created_at > CAST(?1 AS BIGINT) AND c.status <> 'deleted')");
// Only while the mark is still `?3` (NULL: never): of two nodes queueing one digest, one wins.
const PortableSql kMarkDigest(
    "INSERT INTO staff_mail_prefs (user_id, mode, digest_minutes, last_digest_at) VALUES (CAST(?1 AS BIGINT), 'off',"
    " 60, CAST(?2 AS BIGINT)) ON CONFLICT (user_id) DO UPDATE SET last_digest_at = excluded.last_digest_at"
    " WHERE staff_mail_prefs.last_digest_at IS CAST(?3 AS BIGINT) RETURNING user_id",
    "INSERT INTO staff_mail_prefs (user_id, mode, digest_minutes, last_digest_at) VALUES (CAST(?1 AS BIGINT), 'off',"
    " 60, CAST(?2 AS BIGINT)) ON CONFLICT (user_id) DO UPDATE SET last_digest_at = excluded.last_digest_at"
    " WHERE staff_mail_prefs.last_digest_at IS NOT DISTINCT FROM CAST(?3 AS BIGINT) RETURNING user_id");
const PortableSql kMailsSentTo(
    "SELECT count(*) FROM outbox_messages WHERE recipient = CAST(?1 AS TEXT) AND channel = 'mail'"
    " AND status = 'sent' AND sent_at >= CAST(?2 AS BIGINT)");

// Fan-out. ?1 the taken events' ids, ?2 now, ?3 (confirmations) a day before now. Each INSERT
// reads the state as it is now: a comment since hidden or an address since stopped gets nothing.
// "An earlier event of the batch" clauses keep two events of one comment taken together (created
// then approved) from making the same mail twice.
constexpr std::string_view kInsertMail =
    "INSERT INTO outbox_messages (key, channel, event_type, subject_id, page, endpoint_id, recipient, event_at,"
    " status, attempts, next_attempt_at, created_at) SELECT {new_key}, 'mail', ";
constexpr std::string_view kDueNow = ", 'pending', 0, CAST(?2 AS BIGINT), CAST(?2 AS BIGINT)";
constexpr std::string_view kConfirmedAndSubscribed = "a.confirmed_at IS NOT NULL AND a.unsubscribed_at IS NULL";

// One confirmation per address that asked for mail and is not confirmed (or stopped all mail
// and now asks again), unless one was made in the last day.
const PortableSql kFanOutConfirm(outbox_steps::outbox_sql(notify_cat(
    {kInsertMail, "'confirm', c.id, c.page, NULL, c.author_email, e.at", kDueNow,
     " FROM outbox_events AS e JOIN comments AS c ON c.id = e.subject_id"
     " LEFT JOIN mail_addresses AS a ON a.email = c.author_email"
     " WHERE e.id IN ({ids}) AND e.type = 'comment.created' AND c.author_email <> '' AND c.notify <> 0"
     " AND c.status IN ('pending', 'approved')"
     " AND (a.email IS NULL OR a.confirmed_at IS NULL OR a.unsubscribed_at IS NOT NULL)"
     " AND NOT EXISTS (SELECT 1 FROM outbox_messages AS m WHERE m.recipient = c.author_email"
     " AND m.channel = 'mail' AND m.event_type = 'confirm' AND m.created_at > CAST(?3 AS BIGINT)"
     " AND (a.unsubscribed_at IS NULL OR m.created_at > a.unsubscribed_at))"
     " AND NOT EXISTS (SELECT 1 FROM outbox_events AS e2 JOIN comments AS c2 ON c2.id = e2.subject_id"
     " WHERE e2.id IN ({ids}) AND e2.id < e.id AND e2.type = 'comment.created'"
     " AND c2.author_email = c.author_email AND c2.notify <> 0) ORDER BY e.id"})));

// A reply now visible, to its parent's author: asked for replies, confirmed, not stopped (all or
// this thread), not the reply's own author, and never mailed about this reply before (a unique
// index keeps two nodes fanning out at once from both making it).
const PortableSql kFanOutReplies(outbox_steps::outbox_sql(notify_cat(
    {kInsertMail,
     "CASE WHEN r.author_role IN ('moderator', 'admin') THEN 'staff_reply' ELSE 'reply' END, r.id, r.page, NULL,"
     " p.author_email, e.at",
     kDueNow,
     " FROM outbox_events AS e JOIN comments AS r ON r.id = e.subject_id JOIN comments AS p ON p.id = r.parent_id"
     " JOIN mail_addresses AS a ON a.email = p.author_email"
     " WHERE e.id IN ({ids}) AND e.type IN ('comment.created', 'comment.approved') AND r.status = 'approved'"
     " AND p.status <> 'deleted' AND p.author_email <> '' AND (p.notify & ",
     kRepliesBit, ") <> 0 AND ", kConfirmedAndSubscribed,
     " AND r.author_email <> p.author_email"
     " AND coalesce(r.author_user_id, -1) <> coalesce(p.author_user_id, -2)"
     " AND (r.author_token_hash = '' OR r.author_token_hash <> p.author_token_hash)"
     " AND NOT EXISTS (SELECT 1 FROM mail_thread_unsubscribes AS t WHERE t.email = p.author_email"
     " AND t.page = r.page)"
     " AND NOT EXISTS (SELECT 1 FROM outbox_messages AS m WHERE m.recipient = p.author_email"
     " AND m.channel = 'mail' AND m.event_type IN ",
     kReplyMailTypes,
     " AND m.subject_id = r.id)"
     " AND NOT EXISTS (SELECT 1 FROM outbox_events AS e2 WHERE e2.id IN ({ids}) AND e2.id < e.id"
     " AND e2.subject_id = e.subject_id AND e2.type IN ('comment.created', 'comment.approved')) ORDER BY e.id"
     " ON CONFLICT DO NOTHING"})));

// A comment approved, to its own author when they asked: once per comment.
const PortableSql kFanOutApproved(outbox_steps::outbox_sql(notify_cat(
    {kInsertMail, "'approved', c.id, c.page, NULL, c.author_email, e.at", kDueNow,
     " FROM outbox_events AS e JOIN comments AS c ON c.id = e.subject_id"
     " JOIN mail_addresses AS a ON a.email = c.author_email"
     " WHERE e.id IN ({ids}) AND e.type = 'comment.approved' AND c.status = 'approved' AND c.author_email <> ''"
     " AND (c.notify & ",
     kApprovalBit, ") <> 0 AND ", kConfirmedAndSubscribed,
     " AND NOT EXISTS (SELECT 1 FROM outbox_messages AS m WHERE m.recipient = c.author_email"
     " AND m.channel = 'mail' AND m.event_type = 'approved' AND m.subject_id = c.id)"
     " AND NOT EXISTS (SELECT 1 FROM outbox_events AS e2 WHERE e2.id IN ({ids}) AND e2.id < e.id"
     " AND e2.subject_id = e.subject_id AND e2.type = 'comment.approved') ORDER BY e.id"
     " ON CONFLICT DO NOTHING"})));

// New pending comments and reports, to each staff member who wants them at once.
const PortableSql kFanOutStaff(outbox_steps::outbox_sql(notify_cat(
    {kInsertMail,
     "CASE WHEN e.type = 'comment.reported' THEN 'moderation_report' ELSE 'moderation_pending' END, c.id, c.page,"
     " NULL, u.email, e.at",
     kDueNow,
     " FROM outbox_events AS e JOIN comments AS c ON c.id = e.subject_id"
     " JOIN staff_mail_prefs AS s ON s.mode = 'immediate' JOIN users AS u ON u.id = s.user_id"
     " WHERE e.id IN ({ids}) AND ",
     kMailableStaff,
     " AND ((e.type = 'comment.created' AND c.status = 'pending')"
     " OR (e.type = 'comment.reported' AND c.status <> 'deleted'))"
     " AND NOT EXISTS (SELECT 1 FROM outbox_events AS e2 WHERE e2.id IN ({ids}) AND e2.id < e.id"
     " AND e2.subject_id = e.subject_id AND e2.type = e.type) ORDER BY e.id, u.id"})));

// Privacy.
const PortableSql kThreadUnsubscribesOf(
    "SELECT email, page, at FROM mail_thread_unsubscribes WHERE email = CAST(?1 AS TEXT) ORDER BY page");
const PortableSql kMailsTo(
    "SELECT recipient, event_type, subject_id, page, status, created_at, sent_at FROM outbox_messages"
    " WHERE channel = 'mail' AND recipient = CAST(?1 AS TEXT) ORDER BY id");
const PortableSql kEraseAddress("DELETE FROM mail_addresses WHERE email = CAST(?1 AS TEXT)");
const PortableSql kEraseThreadUnsubscribes("DELETE FROM mail_thread_unsubscribes WHERE email = CAST(?1 AS TEXT)");
const PortableSql kEraseMails(
    "DELETE FROM outbox_messages WHERE channel = 'mail' AND recipient = CAST(?1 AS TEXT)");

domain::Error notification_invalid(std::string message) {
    return domain::make_error(ErrorCode::kInvalid, "Invalid notification value", std::move(message));
}
domain::Error account_not_found() {
    return domain::make_error(ErrorCode::kNotFound, "Not found", "no such account");
}

std::optional<domain::Time> optional_time(const SqlRows& r, int i, int col) {
    if (r.is_null(i, col)) return std::nullopt;
    return domain::from_micros(r.int64(i, col));
}

MailAddressState read_address(const SqlRows& r, int i) {
    MailAddressState a;
    a.email = r.text(i, 0);
    a.confirmed_at = optional_time(r, i, 1);
    a.unsubscribed_at = optional_time(r, i, 2);
    a.created_at = domain::from_micros(r.int64(i, 3));
    return a;
}

StaffMailPrefs read_prefs(const SqlRows& r, int i) {
    StaffMailPrefs p;
    p.user_id = r.int64(i, 0);
    p.mode = parse_staff_mail_mode(r.text(i, 1)).value_or(StaffMailMode::kOff);
    p.digest_minutes = static_cast<int>(r.int64(i, 2));
    p.last_digest_at = optional_time(r, i, 3);
    return p;
}

Result<bool> user_exists(SqlSession& db, domain::UserId user_id) {
    auto r = db.query(kUserExists, {user_id});
    if (!r) return r.error();
    return r->rows() > 0;
}

}  // namespace

Result<void> check_address(std::string_view email, std::optional<std::string_view> page) {
    if (email.empty() || email.size() > domain::kMaxEmailBytes)
        return notification_invalid("an address is 1 to " + std::to_string(domain::kMaxEmailBytes) + " bytes");
    if (page && (page->empty() || page->size() > kMaxMailPageBytes))
        return notification_invalid("a page is 1 to " + std::to_string(kMaxMailPageBytes) + " bytes");
    return {};
}

Result<void> check_staff_mail_prefs(const StaffMailPrefs& prefs) {
    if (prefs.digest_minutes < kMinDigestMinutes || prefs.digest_minutes > kMaxDigestMinutes)
        return notification_invalid("a digest goes every " + std::to_string(kMinDigestMinutes) + " to " +
                                    std::to_string(kMaxDigestMinutes) + " minutes");
    return {};
}

Result<std::optional<MailAddressState>> mail_address(SqlSession& db, std::string_view email) {
    auto r = db.query(kGetAddress, {email});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<MailAddressState>();
    return std::optional<MailAddressState>(read_address(*r, 0));
}

Result<MailAddressState> confirm_mail_address(SqlSession& db, std::string_view email, domain::Time at) {
    auto r = db.query(kConfirmAddress, {email, domain::to_micros(at)});
    if (!r) return r.error();
    return read_address(*r, 0);
}

Result<void> unsubscribe_mail_address(SqlSession& db, std::string_view email, domain::Time at) {
    if (auto r = db.query(kUnsubscribeAddress, {email, domain::to_micros(at)}); !r) return r.error();
    if (auto r = db.query(kDropReaderMail, {email}); !r) return r.error();
    return {};
}

Result<void> unsubscribe_thread(SqlSession& db, std::string_view email, std::string_view page, domain::Time at) {
    if (auto r = db.query(kUnsubscribeThread, {email, page, domain::to_micros(at)}); !r) return r.error();
    if (auto r = db.query(kDropThreadMail, {email, page}); !r) return r.error();
    return {};
}

Result<bool> thread_unsubscribed(SqlSession& db, std::string_view email, std::string_view page) {
    auto r = db.query(kThreadUnsubscribed, {email, page});
    if (!r) return r.error();
    return r->rows() > 0;
}

Result<StaffMailPrefs> staff_mail_prefs(SqlSession& db, domain::UserId user_id) {
    auto r = db.query(kStaffPrefs, {user_id});
    if (!r) return r.error();
    if (r->rows() == 0) return account_not_found();
    return read_prefs(*r, 0);
}

Result<StaffMailPrefs> set_staff_mail_prefs(SqlSession& db, const StaffMailPrefs& prefs) {
    auto exists = user_exists(db, prefs.user_id);
    if (!exists) return exists.error();
    if (!*exists) return account_not_found();
    auto r = db.query(kSetStaffPrefs, {prefs.user_id, to_string(prefs.mode), std::int64_t{prefs.digest_minutes}});
    if (!r) return r.error();
    return read_prefs(*r, 0);
}

Result<std::vector<StaffMailPrefs>> due_staff_digests(SqlSession& db, domain::Time now) {
    auto r = db.query(kDueDigests, {domain::to_micros(now)});
    if (!r) return r.error();
    std::vector<StaffMailPrefs> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_prefs(*r, i));
    return out;
}

Result<ModerationWork> moderation_work_since(SqlSession& db, std::optional<domain::Time> since) {
    const std::int64_t after = since ? domain::to_micros(*since) : std::numeric_limits<std::int64_t>::min();
    auto r = db.query(kModerationWork, {after});
    if (!r) return r.error();
    return ModerationWork{r->int64(0, 0), r->int64(0, 1)};
}

Result<bool> mark_staff_digest(SqlSession& db, domain::UserId user_id, domain::Time covered_until,
                               std::optional<domain::Time> previous) {
    auto exists = user_exists(db, user_id);
    if (!exists) return exists.error();
    if (!*exists) return account_not_found();
    const SqlValue before = previous ? SqlValue{domain::to_micros(*previous)} : SqlValue{std::monostate{}};
    auto r = db.query(kMarkDigest, {user_id, domain::to_micros(covered_until), before});
    if (!r) return r.error();
    return r->rows() > 0;
}

Result<std::int64_t> mails_sent_to(SqlSession& db, std::string_view recipient, domain::Time since) {
    auto r = db.query(kMailsSentTo, {recipient, domain::to_micros(since)});
    if (!r) return r.error();
    return r->int64(0, 0);
}

Result<void> fan_out_mail(SqlSession& db, std::string_view ids, domain::Time now) {
    const std::int64_t at = domain::to_micros(now);
    const std::int64_t day_before = domain::to_micros(now - std::chrono::hours(24));
    if (auto r = db.query(kFanOutConfirm, {ids, at, day_before}); !r) return r.error();
    for (const PortableSql* sql : {&kFanOutReplies, &kFanOutApproved, &kFanOutStaff}) {
        if (auto r = db.query(*sql, {ids, at}); !r) return r.error();
    }
    return {};
}

std::vector<std::string> addresses_of(std::string_view key_email, const std::optional<domain::User>& user,
                                      const std::vector<std::string>& comment_emails) {
    std::vector<std::string> out(comment_emails.begin(), comment_emails.end());
    out.emplace_back(key_email);
    if (user) out.push_back(user->email);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    if (!out.empty() && out.front().empty()) out.erase(out.begin());
    return out;
}

Result<AuthorMail> author_mail(SqlSession& db, const std::vector<std::string>& addresses) {
    AuthorMail mail;
    for (const auto& email : addresses) {
        auto state = mail_address(db, email);
        if (!state) return state.error();
        if (*state) mail.addresses.push_back(std::move(**state));

        auto threads = db.query(kThreadUnsubscribesOf, {std::string_view(email)});
        if (!threads) return threads.error();
        for (int i = 0; i < threads->rows(); ++i)
            mail.thread_unsubscribes.push_back(
                {threads->text(i, 0), threads->text(i, 1), domain::from_micros(threads->int64(i, 2))});

        auto mails = db.query(kMailsTo, {std::string_view(email)});
        if (!mails) return mails.error();
        for (int i = 0; i < mails->rows(); ++i) {
            MailRecord m;
            m.recipient = mails->text(i, 0);
            m.event_type = mails->text(i, 1);
            m.subject_id = mails->int64(i, 2);
            m.page = mails->text(i, 3);
            m.status = parse_message_status(mails->text(i, 4)).value_or(MessageStatus::kPending);
            m.created_at = domain::from_micros(mails->int64(i, 5));
            m.sent_at = optional_time(*mails, i, 6);
            mail.messages.push_back(std::move(m));
        }
    }
    return mail;
}

Result<void> erase_author_mail(SqlSession& db, const std::vector<std::string>& addresses) {
    for (const auto& email : addresses) {
        for (const PortableSql* sql : {&kEraseAddress, &kEraseThreadUnsubscribes, &kEraseMails}) {
            if (auto r = db.query(*sql, {std::string_view(email)}); !r) return r.error();
        }
    }
    return {};
}

}  // namespace tribune::store::notification_steps
