// SqliteStore's OutboxStore methods (store/outbox_store.hpp): the shared steps
// (common/outbox_steps.hpp) as jobs of the single writer, or on a reader's connection. With one
// writer, a claim needs no row locks: each job sees the one before it.
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>

#include "store/common/outbox_steps.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {

Result<WebhookEndpoint> SqliteStore::add_webhook(const WebhookEndpoint& endpoint) {
    return write<WebhookEndpoint>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::add_webhook(session, endpoint);
    });
}

Result<WebhookEndpoint> SqliteStore::get_webhook(std::int64_t id) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::get_webhook(session, id);
    });
}

Result<std::vector<WebhookEndpoint>> SqliteStore::list_webhooks() {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::list_webhooks(session);
    });
}

Result<WebhookEndpoint> SqliteStore::update_webhook(const WebhookEndpoint& endpoint) {
    return write<WebhookEndpoint>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::update_webhook(session, endpoint);
    });
}

Result<void> SqliteStore::delete_webhook(std::int64_t id) {
    return write_void(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::delete_webhook(session, id);
    });
}

Result<void> SqliteStore::record_event(const OutboxEvent& event) {
    if (auto ok = outbox_steps::check_event(event); !ok) return ok.error();
    return write_void(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::record_event(session, event);
    });
}

Result<OutboxMessage> SqliteStore::enqueue_message(const NewOutboxMessage& message) {
    if (auto ok = outbox_steps::check_message(message); !ok) return ok.error();
    return write<OutboxMessage>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::enqueue_message(session, message);
    });
}

Result<int> SqliteStore::fan_out_events(int limit, domain::Time now) {
    limit = std::clamp(limit, 1, kMaxEventsFannedOut);
    // Polled often: a read answers the usual "none" without queueing for the writer.
    auto any = read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::any_event(session);
    });
    if (!any) return any.error();
    if (!*any) return 0;
    return write<int>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::fan_out_events(session, limit, now);
    });
}

Result<std::vector<OutboxMessage>> SqliteStore::claim_messages(std::string_view owner, int limit, domain::Time now,
                                                               std::chrono::seconds lease, bool with_mail) {
    if (auto ok = outbox_steps::check_owner(owner); !ok) return ok.error();
    limit = std::clamp(limit, 1, kMaxMessagesClaimed);
    auto any = read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::any_due(session, now, with_mail);
    });
    if (!any) return any.error();
    if (!*any) return std::vector<OutboxMessage>{};
    return write<std::vector<OutboxMessage>>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::claim_messages(session, owner, limit, now, lease, with_mail);
    });
}

Result<AttemptRecorded> SqliteStore::finish_attempt(std::int64_t message_id, std::string_view owner,
                                                    const AttemptOutcome& outcome, int disable_after_failures) {
    return write<AttemptRecorded>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::finish_attempt(session, message_id, owner, outcome, disable_after_failures);
    });
}

Result<std::vector<OutboxMessage>> SqliteStore::list_messages(const MessageQuery& query) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::list_messages(session, query);
    });
}

Result<OutboxMessage> SqliteStore::get_message(std::int64_t id) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::get_message(session, id);
    });
}

Result<OutboxMessage> SqliteStore::retry_message(std::int64_t id, domain::Time now) {
    return write<OutboxMessage>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::retry_message(session, id, now);
    });
}

Result<OutboxMessage> SqliteStore::hold_message(std::int64_t id, std::string_view owner, domain::Time until) {
    if (auto ok = outbox_steps::check_owner(owner); !ok) return ok.error();
    return write<OutboxMessage>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::hold_message(session, id, owner, until);
    });
}

Result<std::vector<WebhookDelivery>> SqliteStore::list_deliveries(std::int64_t endpoint_id,
                                                                  std::optional<std::int64_t> before_id, int limit) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::list_deliveries(session, endpoint_id, before_id, limit);
    });
}

Result<std::int64_t> SqliteStore::prune_outbox(domain::Time before) {
    return write<std::int64_t>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::prune_outbox(session, before);
    });
}

Result<OutboxCounts> SqliteStore::outbox_counts() {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return outbox_steps::outbox_counts(session);
    });
}

}  // namespace tribune::store::sqlite
