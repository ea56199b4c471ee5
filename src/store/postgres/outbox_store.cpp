// PgStore's OutboxStore methods (store/outbox_store.hpp): the shared steps
// (common/outbox_steps.hpp) in a write transaction or on a pooled connection. Claims and fan-outs
// of several nodes take different rows (the steps' FOR UPDATE SKIP LOCKED).
#include "store/postgres/pg_store.hpp"

#include <algorithm>

#include "store/common/outbox_steps.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

Result<WebhookEndpoint> PgStore::add_webhook(const WebhookEndpoint& endpoint) {
    return run_write<WebhookEndpoint>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::add_webhook(session, endpoint);
    });
}

Result<WebhookEndpoint> PgStore::get_webhook(std::int64_t id) {
    return run_read<WebhookEndpoint>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::get_webhook(session, id);
    });
}

Result<std::vector<WebhookEndpoint>> PgStore::list_webhooks() {
    return run_read<std::vector<WebhookEndpoint>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::list_webhooks(session);
    });
}

Result<WebhookEndpoint> PgStore::update_webhook(const WebhookEndpoint& endpoint) {
    return run_write<WebhookEndpoint>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::update_webhook(session, endpoint);
    });
}

Result<void> PgStore::delete_webhook(std::int64_t id) {
    return run_write_void(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::delete_webhook(session, id);
    });
}

Result<void> PgStore::record_event(const OutboxEvent& event) {
    if (auto ok = outbox_steps::check_event(event); !ok) return ok.error();
    return run_write_void(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::record_event(session, event);
    });
}

Result<OutboxMessage> PgStore::enqueue_message(const NewOutboxMessage& message) {
    if (auto ok = outbox_steps::check_message(message); !ok) return ok.error();
    return run_write<OutboxMessage>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::enqueue_message(session, message);
    });
}

Result<int> PgStore::fan_out_events(int limit, domain::Time now) {
    limit = std::clamp(limit, 1, kMaxEventsFannedOut);
    // Polled by every node: a read answers the usual "none" without a write transaction.
    auto any = run_read<bool>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::any_event(session);
    });
    if (!any) return any.error();
    if (!*any) return 0;
    return run_write<int>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::fan_out_events(session, limit, now);
    });
}

Result<std::vector<OutboxMessage>> PgStore::claim_messages(std::string_view owner, int limit, domain::Time now,
                                                               std::chrono::seconds lease, bool with_mail) {
    if (auto ok = outbox_steps::check_owner(owner); !ok) return ok.error();
    limit = std::clamp(limit, 1, kMaxMessagesClaimed);
    auto any = run_read<bool>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::any_due(session, now, with_mail);
    });
    if (!any) return any.error();
    if (!*any) return std::vector<OutboxMessage>{};
    return run_write<std::vector<OutboxMessage>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::claim_messages(session, owner, limit, now, lease, with_mail);
    });
}

Result<AttemptRecorded> PgStore::finish_attempt(std::int64_t message_id, std::string_view owner,
                                                    const AttemptOutcome& outcome, int disable_after_failures) {
    return run_write<AttemptRecorded>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::finish_attempt(session, message_id, owner, outcome, disable_after_failures);
    });
}

Result<std::vector<OutboxMessage>> PgStore::list_messages(const MessageQuery& query) {
    return run_read<std::vector<OutboxMessage>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::list_messages(session, query);
    });
}

Result<OutboxMessage> PgStore::get_message(std::int64_t id) {
    return run_read<OutboxMessage>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::get_message(session, id);
    });
}

Result<OutboxMessage> PgStore::retry_message(std::int64_t id, domain::Time now) {
    return run_write<OutboxMessage>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::retry_message(session, id, now);
    });
}

Result<OutboxMessage> PgStore::hold_message(std::int64_t id, std::string_view owner, domain::Time until) {
    if (auto ok = outbox_steps::check_owner(owner); !ok) return ok.error();
    return run_write<OutboxMessage>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::hold_message(session, id, owner, until);
    });
}

Result<std::vector<WebhookDelivery>> PgStore::list_deliveries(std::int64_t endpoint_id,
                                                                  std::optional<std::int64_t> before_id, int limit) {
    return run_read<std::vector<WebhookDelivery>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::list_deliveries(session, endpoint_id, before_id, limit);
    });
}

Result<std::int64_t> PgStore::prune_outbox(domain::Time before) {
    return run_write<std::int64_t>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::prune_outbox(session, before);
    });
}

Result<OutboxCounts> PgStore::outbox_counts() {
    return run_read<OutboxCounts>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return outbox_steps::outbox_counts(session);
    });
}

}  // namespace tribune::store::postgres
