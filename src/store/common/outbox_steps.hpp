#pragma once
// The outbox role (store/outbox_store.hpp), written once over SqlSession in the SQL both engines
// run. Each engine's OutboxStore method opens its transaction (or read) and calls one of these;
// the few statements whose text must differ (PostgreSQL's FOR UPDATE SKIP LOCKED, its random
// key and clock) are PortableSql's two-text form. Other roles record their events with
// `record` (SqlSession) or ChangeStatement::kRecordEvent (SqlExecutor), inside their own
// transactions.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/common/sql_session.hpp"
#include "store/outbox_types.hpp"

namespace tribune::store::outbox_steps {

using domain::Result;

/// A PortableSql whose {tokens} become each engine's own text: {now} (the database's clock in
/// microseconds), {new_key} (a new message key), {skip_locked} and {lock_row} (row locks, empty on
/// SQLite), {wants} (endpoint w asks for event e's type), {ids} (?1, a JSON array of ids, as rows).
PortableSql outbox_sql(const std::string& sql);

/// Records an event inside the caller's write transaction (the article role's saves).
Result<void> record(SqlSession& db, std::string_view type, std::int64_t subject_id, std::string_view page,
                    domain::Time at);

/// The event a comment's status change records, if any: approved, or rejected (rejected and
/// spam alike, so a move between those two records nothing).
std::optional<std::string_view> status_event(domain::CommentStatus from, domain::CommentStatus to);

/// `error` cut to kMaxOutboxErrorBytes at a UTF-8 character boundary.
std::string bounded_error(std::string_view error);

// OutboxStore's methods, each inside the engine's write transaction (or a read where named).

Result<WebhookEndpoint> add_webhook(SqlSession& db, const WebhookEndpoint& endpoint);
/// A read.
Result<WebhookEndpoint> get_webhook(SqlSession& db, std::int64_t id);
/// A read.
Result<std::vector<WebhookEndpoint>> list_webhooks(SqlSession& db);
Result<WebhookEndpoint> update_webhook(SqlSession& db, const WebhookEndpoint& endpoint);
Result<void> delete_webhook(SqlSession& db, std::int64_t id);

/// Checks `event` before any transaction opens. Errors: kInvalid.
Result<void> check_event(const OutboxEvent& event);
Result<void> record_event(SqlSession& db, const OutboxEvent& event);
/// Checks `message` before any transaction opens. Errors: kInvalid.
Result<void> check_message(const NewOutboxMessage& message);
Result<OutboxMessage> enqueue_message(SqlSession& db, const NewOutboxMessage& message);

/// A read: whether any event waits (fan_out_events' cheap first look).
Result<bool> any_event(SqlSession& db);
/// The fan-out itself, in the write transaction. `limit` already clamped.
Result<int> fan_out_events(SqlSession& db, int limit, domain::Time now);

/// Checks claim_messages' owner. Errors: kInvalid.
Result<void> check_owner(std::string_view owner);
/// A read: whether any message could be claimed at `now` (claim_messages' cheap first look).
Result<bool> any_due(SqlSession& db, domain::Time now, bool with_mail);
/// The claim itself, in the write transaction. `limit` already clamped.
Result<std::vector<OutboxMessage>> claim_messages(SqlSession& db, std::string_view owner, int limit, domain::Time now,
                                                  std::chrono::seconds lease, bool with_mail);
Result<AttemptRecorded> finish_attempt(SqlSession& db, std::int64_t message_id, std::string_view owner,
                                       const AttemptOutcome& outcome, int disable_after_failures);

/// A read.
Result<std::vector<OutboxMessage>> list_messages(SqlSession& db, const MessageQuery& query);
/// A read.
Result<OutboxMessage> get_message(SqlSession& db, std::int64_t id);
Result<OutboxMessage> retry_message(SqlSession& db, std::int64_t id, domain::Time now);
Result<OutboxMessage> hold_message(SqlSession& db, std::int64_t id, std::string_view owner, domain::Time until);
/// A read.
Result<std::vector<WebhookDelivery>> list_deliveries(SqlSession& db, std::int64_t endpoint_id,
                                                     std::optional<std::int64_t> before_id, int limit);
Result<std::int64_t> prune_outbox(SqlSession& db, domain::Time before);
/// A read.
Result<OutboxCounts> outbox_counts(SqlSession& db);

}  // namespace tribune::store::outbox_steps
