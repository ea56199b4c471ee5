#pragma once
// The values of the outbox role (store/outbox_store.hpp): events, messages, webhook endpoints and
// their delivery log.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace tribune::store {

/// Every event type a webhook endpoint may ask for, as the API names them.
inline constexpr std::array<std::string_view, 7> kWebhookEventTypes{
    "comment.created",  "comment.approved", "comment.rejected", "comment.deleted",
    "comment.reported", "article.published", "article.updated",
};
/// Event types that exist only as messages (never recorded as events, never asked for).
inline constexpr std::string_view kWebhookTestEvent = "webhook.test";

/// The event types by name, for the store code that records them.
namespace outbox_event {
inline constexpr std::string_view kCommentCreated = kWebhookEventTypes[0];
inline constexpr std::string_view kCommentApproved = kWebhookEventTypes[1];
inline constexpr std::string_view kCommentRejected = kWebhookEventTypes[2];  // rejected or spam
inline constexpr std::string_view kCommentDeleted = kWebhookEventTypes[3];
inline constexpr std::string_view kCommentReported = kWebhookEventTypes[4];
inline constexpr std::string_view kArticlePublished = kWebhookEventTypes[5];
inline constexpr std::string_view kArticleUpdated = kWebhookEventTypes[6];
}  // namespace outbox_event

/// Whether `type` is one of kWebhookEventTypes.
bool is_webhook_event_type(std::string_view type);

inline constexpr std::size_t kMaxWebhookEndpoints = 50;
inline constexpr std::size_t kMaxWebhookUrlBytes = 2048;
inline constexpr std::size_t kMaxWebhookSecretBytes = 200;
inline constexpr std::size_t kMaxOutboxErrorBytes = 500;
inline constexpr int kMaxMessagesClaimed = 100;
inline constexpr int kMaxEventsFannedOut = 500;
inline constexpr int kMaxOutboxListLimit = 200;      // list_messages, list_deliveries
inline constexpr std::size_t kMaxOutboxNameBytes = 200;  // a mail template's name, a lease owner (a recipient: domain::kMaxEmailBytes)

/// Something that happened: `type` (one of kWebhookEventTypes) to `subject_id` (a comment's or an
/// article's id) on `page` (the comment's page key, or the article's path).
struct OutboxEvent {
    std::int64_t id = 0;
    std::string type;
    std::int64_t subject_id = 0;
    std::string page;
    domain::Time at{};
    bool operator==(const OutboxEvent&) const = default;
};

enum class OutboxChannel { kWebhook, kMail };
enum class MessageStatus { kPending, kSent, kDead };

std::string_view to_string(OutboxChannel c);
std::string_view to_string(MessageStatus s);
std::optional<OutboxChannel> parse_outbox_channel(std::string_view s);
std::optional<MessageStatus> parse_message_status(std::string_view s);

/// One thing to send to one receiver. `key` is made once, when the message is made, and stays
/// the same on every attempt: the webhook-id header, and a mail's Message-ID.
struct OutboxMessage {
    std::int64_t id = 0;
    std::string key;                 // "msg_" + 32 lowercase hex digits
    OutboxChannel channel = OutboxChannel::kWebhook;
    std::string event_type;          // kWebhookEventTypes or kWebhookTestEvent; for mail, the template's name
    std::int64_t subject_id = 0;
    std::string page;
    std::int64_t endpoint_id = 0;    // webhook: its endpoint; mail: 0
    std::string recipient;           // mail: the canonical address; webhook: ""
    domain::Time event_at{};         // when the event happened (the payload's timestamp)
    MessageStatus status = MessageStatus::kPending;
    int attempts = 0;
    domain::Time next_attempt_at{};
    std::string last_error;          // "" when none; bounded by kMaxOutboxErrorBytes
    domain::Time created_at{};
    std::optional<domain::Time> sent_at;
};

/// What enqueue_message adds (the rest comes from the store).
struct NewOutboxMessage {
    OutboxChannel channel = OutboxChannel::kWebhook;
    std::string event_type;
    std::int64_t subject_id = 0;
    std::string page;
    std::int64_t endpoint_id = 0;
    std::string recipient;
    domain::Time event_at{};
    domain::Time due_at{};
};

/// A webhook endpoint: where events of the named types are posted, signed with `secret`.
struct WebhookEndpoint {
    std::int64_t id = 0;
    std::string url;
    std::vector<std::string> events;  // each one of kWebhookEventTypes, no repeats, in that order
    std::string secret;               // "whsec_" + base64 of the key bytes
    bool enabled = true;
    std::string disabled_reason;      // "" while enabled
    int failures = 0;                 // failed attempts in a row
    domain::Time created_at{};
    std::string created_by;           // the admin's name, for the desk
};

/// One attempt of one webhook message, as the endpoint's delivery log keeps it.
struct WebhookDelivery {
    std::int64_t id = 0;
    std::int64_t endpoint_id = 0;
    std::int64_t message_id = 0;
    std::string message_key;
    std::string event_type;
    int attempt = 0;                  // 1 for the first
    domain::Time at{};
    int status_code = 0;              // the HTTP status, 0 when none came back
    std::string error;                // "" on success; bounded by kMaxOutboxErrorBytes
    int duration_ms = 0;
};

/// How an attempt went (OutboxStore::finish_attempt).
struct AttemptOutcome {
    bool sent = false;
    std::optional<domain::Time> retry_at;  // when not sent: the next attempt; nullopt: dead
    domain::Time at{};                     // when the attempt began
    int status_code = 0;
    std::string error;
    int duration_ms = 0;
};

struct AttemptRecorded {
    OutboxMessage message;                 // as it is now
    bool endpoint_disabled = false;        // this attempt disabled its endpoint
};

struct MessageQuery {
    std::optional<MessageStatus> status;
    std::optional<OutboxChannel> channel;
    std::optional<std::int64_t> endpoint_id;
    std::optional<std::int64_t> before_id;
    int limit = 50;
};

struct OutboxCounts {
    std::int64_t events = 0;    // not yet fanned out
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t dead = 0;
};

}  // namespace tribune::store
