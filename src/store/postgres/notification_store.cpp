// PgStore's NotificationStore methods (store/notification_store.hpp): the shared steps
// (common/notification_steps.hpp) in a write transaction or on a pooled connection.
#include "store/postgres/pg_store.hpp"

#include "store/common/notification_steps.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

Result<std::optional<MailAddressState>> PgStore::mail_address(std::string_view email) {
    if (auto ok = notification_steps::check_address(email); !ok) return ok.error();
    return run_read<std::optional<MailAddressState>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::mail_address(session, email);
    });
}

Result<MailAddressState> PgStore::confirm_mail_address(std::string_view email, domain::Time at) {
    if (auto ok = notification_steps::check_address(email); !ok) return ok.error();
    return run_write<MailAddressState>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::confirm_mail_address(session, email, at);
    });
}

Result<void> PgStore::unsubscribe_mail_address(std::string_view email, domain::Time at) {
    if (auto ok = notification_steps::check_address(email); !ok) return ok.error();
    return run_write_void(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::unsubscribe_mail_address(session, email, at);
    });
}

Result<void> PgStore::unsubscribe_thread(std::string_view email, std::string_view page, domain::Time at) {
    if (auto ok = notification_steps::check_address(email, page); !ok) return ok.error();
    return run_write_void(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::unsubscribe_thread(session, email, page, at);
    });
}

Result<bool> PgStore::thread_unsubscribed(std::string_view email, std::string_view page) {
    if (auto ok = notification_steps::check_address(email, page); !ok) return ok.error();
    return run_read<bool>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::thread_unsubscribed(session, email, page);
    });
}

Result<StaffMailPrefs> PgStore::staff_mail_prefs(domain::UserId user_id) {
    return run_read<StaffMailPrefs>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::staff_mail_prefs(session, user_id);
    });
}

Result<StaffMailPrefs> PgStore::set_staff_mail_prefs(const StaffMailPrefs& prefs) {
    if (auto ok = notification_steps::check_staff_mail_prefs(prefs); !ok) return ok.error();
    return run_write<StaffMailPrefs>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::set_staff_mail_prefs(session, prefs);
    });
}

Result<std::vector<StaffMailPrefs>> PgStore::due_staff_digests(domain::Time now) {
    return run_read<std::vector<StaffMailPrefs>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::due_staff_digests(session, now);
    });
}

Result<ModerationWork> PgStore::moderation_work_since(std::optional<domain::Time> since) {
    return run_read<ModerationWork>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::moderation_work_since(session, since);
    });
}

Result<bool> PgStore::mark_staff_digest(domain::UserId user_id, domain::Time covered_until,
                                          std::optional<domain::Time> previous) {
    return run_write<bool>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::mark_staff_digest(session, user_id, covered_until, previous);
    });
}

Result<std::int64_t> PgStore::mails_sent_to(std::string_view recipient, domain::Time since) {
    if (auto ok = notification_steps::check_address(recipient); !ok) return ok.error();
    return run_read<std::int64_t>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return notification_steps::mails_sent_to(session, recipient, since);
    });
}

}  // namespace tribune::store::postgres
