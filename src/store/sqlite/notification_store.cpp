// SqliteStore's NotificationStore methods (store/notification_store.hpp): the shared steps
// (common/notification_steps.hpp) as jobs of the single writer, or on a reader's connection.
#include "store/sqlite/sqlite_store.hpp"

#include "store/common/notification_steps.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {

Result<std::optional<MailAddressState>> SqliteStore::mail_address(std::string_view email) {
    if (auto ok = notification_steps::check_address(email); !ok) return ok.error();
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::mail_address(session, email);
    });
}

Result<MailAddressState> SqliteStore::confirm_mail_address(std::string_view email, domain::Time at) {
    if (auto ok = notification_steps::check_address(email); !ok) return ok.error();
    return write<MailAddressState>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::confirm_mail_address(session, email, at);
    });
}

Result<void> SqliteStore::unsubscribe_mail_address(std::string_view email, domain::Time at) {
    if (auto ok = notification_steps::check_address(email); !ok) return ok.error();
    return write_void(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::unsubscribe_mail_address(session, email, at);
    });
}

Result<void> SqliteStore::unsubscribe_thread(std::string_view email, std::string_view page, domain::Time at) {
    if (auto ok = notification_steps::check_address(email, page); !ok) return ok.error();
    return write_void(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::unsubscribe_thread(session, email, page, at);
    });
}

Result<bool> SqliteStore::thread_unsubscribed(std::string_view email, std::string_view page) {
    if (auto ok = notification_steps::check_address(email, page); !ok) return ok.error();
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::thread_unsubscribed(session, email, page);
    });
}

Result<StaffMailPrefs> SqliteStore::staff_mail_prefs(domain::UserId user_id) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::staff_mail_prefs(session, user_id);
    });
}

Result<StaffMailPrefs> SqliteStore::set_staff_mail_prefs(const StaffMailPrefs& prefs) {
    if (auto ok = notification_steps::check_staff_mail_prefs(prefs); !ok) return ok.error();
    return write<StaffMailPrefs>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::set_staff_mail_prefs(session, prefs);
    });
}

Result<std::vector<StaffMailPrefs>> SqliteStore::due_staff_digests(domain::Time now) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::due_staff_digests(session, now);
    });
}

Result<ModerationWork> SqliteStore::moderation_work_since(std::optional<domain::Time> since) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::moderation_work_since(session, since);
    });
}

Result<bool> SqliteStore::mark_staff_digest(domain::UserId user_id, domain::Time covered_until,
                                          std::optional<domain::Time> previous) {
    return write<bool>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::mark_staff_digest(session, user_id, covered_until, previous);
    });
}

Result<std::int64_t> SqliteStore::mails_sent_to(std::string_view recipient, domain::Time since) {
    if (auto ok = notification_steps::check_address(recipient); !ok) return ok.error();
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return notification_steps::mails_sent_to(session, recipient, since);
    });
}

}  // namespace tribune::store::sqlite
