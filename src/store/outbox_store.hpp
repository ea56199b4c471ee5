#pragma once
// The outbox role of the Store: what Tribune must tell other systems and people (webhook
// deliveries now; mail uses the same rows), kept so that nothing acknowledged is ever lost.
//
// Two stages. (1) An *event* ("comment.approved" on comment 42) is written by the store itself in
// the same transaction as the change that causes it: a comment created, approved, rejected or
// spammed, deleted or reported, an article published or updated. (2) `fan_out_events` turns each
// event, in one transaction, into one *message* per receiver that wants it (each enabled webhook
// endpoint whose events name it) and removes the event. A sender then claims due messages under a
// lease, sends them and marks each sent, or failed with the time of its next attempt, or dead.
// A crash between sending and marking sends a message again after its lease ends (at least once,
// same `key`), never zero times. With several nodes on PostgreSQL each claim takes different rows
// (FOR UPDATE SKIP LOCKED). Every call blocks and is its own transaction. The outbox's tables are
// not exported or summed (transfer_types.hpp). Event and webhook times without a caller's time
// (status changes, deletes, an endpoint's created_at) come from the database's clock.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/time.hpp"
#include "store/outbox_types.hpp"

namespace tribune::store {

using domain::Result;

class OutboxStore {
public:
    virtual ~OutboxStore() = default;

    // --- webhook endpoints -------------------------------------------------------------------

    /// Adds an endpoint (id, created_at from the store; `failures` 0; its events stored in
    /// kWebhookEventTypes order without repeats; no disabled_reason while enabled). Errors:
    /// kInvalid for an event type not in kWebhookEventTypes, an empty event list, an empty URL or
    /// secret, or one over its bound; kConflict when kMaxWebhookEndpoints exist already.
    virtual Result<WebhookEndpoint> add_webhook(const WebhookEndpoint& endpoint) = 0;

    /// Errors: kNotFound.
    virtual Result<WebhookEndpoint> get_webhook(std::int64_t id) = 0;

    /// Every endpoint, oldest first (at most kMaxWebhookEndpoints exist).
    virtual Result<std::vector<WebhookEndpoint>> list_webhooks() = 0;

    /// Replaces url, events, secret, enabled and disabled_reason of endpoint `endpoint.id`;
    /// enabling it again sets `failures` to 0. Errors: kNotFound; kInvalid as add_webhook.
    virtual Result<WebhookEndpoint> update_webhook(const WebhookEndpoint& endpoint) = 0;

    /// Removes an endpoint with its delivery log and its messages, sent or not. Errors: kNotFound.
    virtual Result<void> delete_webhook(std::int64_t id) = 0;

    // --- events and messages -----------------------------------------------------------------

    /// Records an event that has no store change of its own (the other roles record theirs in
    /// their own transactions). Errors: kInvalid for a type not in kWebhookEventTypes.
    virtual Result<void> record_event(const OutboxEvent& event) = 0;

    /// Adds one message directly (a "send a test event" delivery; later, mail written outside a
    /// change). Returns it with its id and key. Errors: kNotFound for an unknown endpoint;
    /// kInvalid for a webhook event type not in kWebhookEventTypes (nor kWebhookTestEvent), a
    /// mail without recipient, or a value over kMaxOutboxNameBytes.
    virtual Result<OutboxMessage> enqueue_message(const NewOutboxMessage& message) = 0;

    /// Turns up to `limit` of the oldest events into messages, due at `now`, and removes those
    /// events, all in one transaction. Returns how many events it took (0: none waiting; cheap,
    /// a read). With several nodes each event is taken by exactly one.
    virtual Result<int> fan_out_events(int limit, domain::Time now) = 0;

    /// Claims up to `limit` pending messages due at `now` whose lease (if any) has ended, oldest
    /// due first, leasing them to `owner` until now + lease. A message of a disabled endpoint is
    /// not claimed; mail only `with_mail` (a node without a relay leaves it to those with one).
    /// Cheap when none is due (a read).
    virtual Result<std::vector<OutboxMessage>> claim_messages(std::string_view owner, int limit, domain::Time now,
                                                              std::chrono::seconds lease, bool with_mail = true) = 0;

    /// Records how one attempt went, in one transaction: the message becomes sent (`outcome.sent`),
    /// or pending again at `outcome.retry_at`, or dead (no retry_at); attempts + 1; for a webhook,
    /// a row in its endpoint's delivery log and the endpoint's failure count (reset on success,
    /// + 1 on failure; at `disable_after_failures` the endpoint is disabled with
    /// `outcome.error` as its reason and `disabled` is true in the answer). Only the lease's
    /// owner may finish a message. Errors: kNotFound; kConflict when the lease is no longer
    /// `owner`'s (another node took it after the lease ended).
    virtual Result<AttemptRecorded> finish_attempt(std::int64_t message_id, std::string_view owner,
                                                   const AttemptOutcome& outcome,
                                                   int disable_after_failures) = 0;

    /// Messages, newest first, filtered by `query` (at most kMaxOutboxListLimit).
    virtual Result<std::vector<OutboxMessage>> list_messages(const MessageQuery& query) = 0;

    /// Errors: kNotFound.
    virtual Result<OutboxMessage> get_message(std::int64_t id) = 0;

    /// A dead message becomes pending again, due at `now`, with its attempts kept.
    /// Errors: kNotFound; kConflict when it is not dead.
    virtual Result<OutboxMessage> retry_message(std::int64_t id, domain::Time now) = 0;

    /// Holds a claimed message back until `until` without an attempt: it stays pending, due then,
    /// its lease cleared and its attempts unchanged (the sender holds reader mail past the hourly
    /// limit so it goes out later in one digest). Errors: kNotFound; kConflict when the lease is
    /// not `owner`'s or the message is no longer pending.
    virtual Result<OutboxMessage> hold_message(std::int64_t id, std::string_view owner, domain::Time until) = 0;

    /// An endpoint's delivery log, newest first: up to `limit` attempts before `before_id`.
    /// Errors: kNotFound for an unknown endpoint.
    virtual Result<std::vector<WebhookDelivery>> list_deliveries(std::int64_t endpoint_id,
                                                                 std::optional<std::int64_t> before_id,
                                                                 int limit) = 0;

    /// Removes sent messages and delivery-log rows older than `before`, and pending messages made
    /// before it (nothing sent them all that while: an endpoint left disabled, mail on nodes
    /// without a relay). Dead messages stay for the desk. Returns rows removed.
    virtual Result<std::int64_t> prune_outbox(domain::Time before) = 0;

    /// How many messages wait in each state, for metrics and the desk.
    virtual Result<OutboxCounts> outbox_counts() = 0;
};

}  // namespace tribune::store
