#include "store/outbox_types.hpp"

#include <algorithm>

namespace tribune::store {

bool is_webhook_event_type(std::string_view type) {
    return std::find(kWebhookEventTypes.begin(), kWebhookEventTypes.end(), type) != kWebhookEventTypes.end();
}

std::string_view to_string(OutboxChannel c) {
    switch (c) {
        case OutboxChannel::kWebhook: return "webhook";
        case OutboxChannel::kMail: return "mail";
    }
    return "webhook";
}

std::string_view to_string(MessageStatus s) {
    switch (s) {
        case MessageStatus::kPending: return "pending";
        case MessageStatus::kSent: return "sent";
        case MessageStatus::kDead: return "dead";
    }
    return "pending";
}

std::optional<OutboxChannel> parse_outbox_channel(std::string_view s) {
    for (auto c : {OutboxChannel::kWebhook, OutboxChannel::kMail})
        if (to_string(c) == s) return c;
    return std::nullopt;
}

std::optional<MessageStatus> parse_message_status(std::string_view s) {
    for (auto status : {MessageStatus::kPending, MessageStatus::kSent, MessageStatus::kDead})
        if (to_string(status) == s) return status;
    return std::nullopt;
}

}  // namespace tribune::store
