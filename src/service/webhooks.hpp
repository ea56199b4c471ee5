#pragma once
// Webhooks: the admins' endpoints that hear of comment and article events, the log of what was
// sent to each, and the outbox's messages (a dead one can be sent again). Admins only; every
// change is audited (never with the secret).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/outbox_types.hpp"

namespace tribune::service {

/// What an admin sends to add or change an endpoint; a field left unset is kept (on change) or
/// defaulted (on add: a new secret, enabled).
struct WebhookInput {
    std::optional<std::string> url;
    std::optional<std::vector<std::string>> events;
    std::optional<std::string> secret;
    std::optional<bool> enabled;
};

/// Adds an endpoint. The URL is checked (http or https; unless webhooks_allow_private, a host
/// that resolves to public addresses only); events must be known, at least one; a secret given
/// must be "whsec_" + base64 of 24..64 bytes, else one is made. Errors: kInvalid with the field;
/// kConflict at the endpoint limit.
domain::Result<store::WebhookEndpoint> create_webhook(Context& ctx, const WebhookInput& input, const Actor& who);

domain::Result<std::vector<store::WebhookEndpoint>> list_webhooks(Context& ctx, const Actor& who);
domain::Result<store::WebhookEndpoint> get_webhook(Context& ctx, std::int64_t id, const Actor& who);

/// Changes an endpoint; enabling a disabled one clears its failures. Errors: as create; kNotFound.
domain::Result<store::WebhookEndpoint> update_webhook(Context& ctx, std::int64_t id, const WebhookInput& input,
                                                      const Actor& who);

domain::Result<void> delete_webhook(Context& ctx, std::int64_t id, const Actor& who);

/// Queues a "webhook.test" delivery to the endpoint, sent like any other (even while disabled it
/// is refused: kConflict, enable it first).
domain::Result<store::OutboxMessage> send_test_event(Context& ctx, std::int64_t id, const Actor& who);

/// The endpoint's delivery log, newest first. `limit` 1..200.
domain::Result<std::vector<store::WebhookDelivery>> list_deliveries(Context& ctx, std::int64_t id,
                                                                    std::optional<std::int64_t> before_id, int limit,
                                                                    const Actor& who);

/// The outbox's messages, newest first (the desk's dead letters: status dead).
domain::Result<std::vector<store::OutboxMessage>> list_outbox(Context& ctx, const store::MessageQuery& query,
                                                              const Actor& who);

/// A dead message is queued again, due now. Errors: kNotFound; kConflict when it is not dead.
domain::Result<store::OutboxMessage> retry_outbox_message(Context& ctx, std::int64_t id, const Actor& who);

/// An endpoint as the API and the audit log show it (the audit's copy without the secret).
std::string encode_webhook(const store::WebhookEndpoint& e, bool with_secret);
std::string encode_webhooks(const std::vector<store::WebhookEndpoint>& list);
std::string encode_deliveries(const std::vector<store::WebhookDelivery>& list, std::optional<std::int64_t> next_before);
std::string encode_outbox_message(const store::OutboxMessage& m);
std::string encode_outbox_messages(const std::vector<store::OutboxMessage>& list, std::optional<std::int64_t> next_before);

}  // namespace tribune::service
