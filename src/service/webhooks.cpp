#include "service/webhooks.hpp"

#include <algorithm>

#include "domain/utf8.hpp"
#include "outbound/webhook_poster.hpp"
#include "outbound/webhook_signature.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"

namespace tribune::service {
namespace {

using domain::ErrorCode;
using domain::FieldError;
using domain::make_error;

constexpr std::size_t kMinSecretKeyBytes = 24;
constexpr std::size_t kMaxSecretKeyBytes = 64;
constexpr std::size_t kMinRawSecretBytes = 24;

domain::Error invalid_field(std::string field, std::string message) {
    return make_error(ErrorCode::kInvalid, "Invalid webhook", field + ": " + message, {FieldError{field, message}});
}

// Known, at least one, each once, in the order of kWebhookEventTypes (how the store keeps them).
domain::Result<std::vector<std::string>> canonical_events(const std::vector<std::string>& asked) {
    if (asked.empty()) return invalid_field("events", "name at least one event");
    if (asked.size() > 64) return invalid_field("events", "too many entries");
    for (const auto& e : asked) {
        if (std::find(store::kWebhookEventTypes.begin(), store::kWebhookEventTypes.end(), e) ==
            store::kWebhookEventTypes.end()) {
            const bool printable = e.size() <= 64 && domain::is_valid_utf8(e) &&
                                   std::none_of(e.begin(), e.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; });
            return invalid_field("events", printable ? "unknown event \"" + e + "\"" : "unknown event");
        }
    }
    std::vector<std::string> out;
    for (auto known : store::kWebhookEventTypes)
        if (std::find(asked.begin(), asked.end(), known) != asked.end()) out.emplace_back(known);
    return out;
}

domain::Result<void> check_secret(const std::string& secret) {
    if (secret.size() > store::kMaxWebhookSecretBytes) return invalid_field("secret", "at most 200 bytes");
    if (secret.rfind("whsec_", 0) == 0) {
        auto key = outbound::webhook_key(secret);
        if (!key) return invalid_field("secret", "the part after whsec_ must be base64");
        if (key->size() < kMinSecretKeyBytes || key->size() > kMaxSecretKeyBytes)
            return invalid_field("secret", "the key after whsec_ must be 24 to 64 bytes");
        return {};
    }
    if (secret.size() < kMinRawSecretBytes) return invalid_field("secret", "at least 24 characters");
    if (!std::all_of(secret.begin(), secret.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; }))
        return invalid_field("secret", "printable ASCII without spaces");
    return {};
}

domain::Result<void> check_url(Context& ctx, const std::string& url) {
    if (auto ok = outbound::check_webhook_url(url, ctx.rules.webhooks_allow_private, /*resolve=*/true); !ok) {
        auto e = ok.error();
        e.fields = {FieldError{"url", e.message}};
        return e;
    }
    return {};
}

domain::Result<void> apply_input(Context& ctx, store::WebhookEndpoint& e, const WebhookInput& in) {
    if (in.url) {
        if (auto ok = check_url(ctx, *in.url); !ok) return ok.error();
        e.url = *in.url;
    }
    if (in.events) {
        auto events = canonical_events(*in.events);
        if (!events) return events.error();
        e.events = std::move(*events);
    }
    if (in.secret) {
        if (auto ok = check_secret(*in.secret); !ok) return ok.error();
        e.secret = *in.secret;
    }
    if (in.enabled) {
        if (*in.enabled && !e.enabled) {
            e.failures = 0;
            e.disabled_reason.clear();
        }
        if (!*in.enabled && e.enabled) e.disabled_reason = "disabled by an admin";
        e.enabled = *in.enabled;
    }
    return {};
}

std::string webhook_target(std::int64_t id) { return "webhook:" + std::to_string(id); }

}  // namespace

domain::Result<store::WebhookEndpoint> create_webhook(Context& ctx, const WebhookInput& input, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    if (!input.url) return invalid_field("url", "required");
    if (!input.events) return invalid_field("events", "required");
    store::WebhookEndpoint e;
    e.secret = outbound::new_webhook_secret();
    if (auto ok = apply_input(ctx, e, input); !ok) return ok.error();
    e.created_at = ctx.clock.now();
    e.created_by = who.actor_name();
    auto stored = ctx.store.add_webhook(e);
    if (!stored) return stored.error();
    if (auto ok = record_audit(ctx, who, "webhook.create", webhook_target(stored->id), "{}", encode_webhook(*stored, false));
        !ok)
        return ok.error();
    return stored;
}

domain::Result<std::vector<store::WebhookEndpoint>> list_webhooks(Context& ctx, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    return ctx.store.list_webhooks();
}

domain::Result<store::WebhookEndpoint> get_webhook(Context& ctx, std::int64_t id, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    return ctx.store.get_webhook(id);
}

domain::Result<store::WebhookEndpoint> update_webhook(Context& ctx, std::int64_t id, const WebhookInput& input,
                                                      const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto before = ctx.store.get_webhook(id);
    if (!before) return before.error();
    auto e = *before;
    if (auto ok = apply_input(ctx, e, input); !ok) return ok.error();
    auto stored = ctx.store.update_webhook(e);
    if (!stored) return stored.error();
    if (auto ok = record_audit(ctx, who, "webhook.update", webhook_target(id), encode_webhook(*before, false),
                               encode_webhook(*stored, false));
        !ok)
        return ok.error();
    return stored;
}

domain::Result<void> delete_webhook(Context& ctx, std::int64_t id, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto before = ctx.store.get_webhook(id);
    if (!before) return before.error();
    if (auto ok = ctx.store.delete_webhook(id); !ok) return ok.error();
    return record_audit(ctx, who, "webhook.delete", webhook_target(id), encode_webhook(*before, false), "{}");
}

domain::Result<store::OutboxMessage> send_test_event(Context& ctx, std::int64_t id, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto e = ctx.store.get_webhook(id);
    if (!e) return e.error();
    if (!e->enabled)
        return make_error(ErrorCode::kConflict, "Endpoint disabled", "enable the endpoint before sending it a test event");
    store::NewOutboxMessage m;
    m.channel = store::OutboxChannel::kWebhook;
    m.event_type = std::string(store::kWebhookTestEvent);
    m.endpoint_id = id;
    m.event_at = m.due_at = ctx.clock.now();
    return ctx.store.enqueue_message(m);
}

domain::Result<std::vector<store::WebhookDelivery>> list_deliveries(Context& ctx, std::int64_t id,
                                                                    std::optional<std::int64_t> before_id, int limit,
                                                                    const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    return ctx.store.list_deliveries(id, before_id, std::clamp(limit, 1, 200));
}

domain::Result<std::vector<store::OutboxMessage>> list_outbox(Context& ctx, const store::MessageQuery& query,
                                                              const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto q = query;
    q.limit = std::clamp(q.limit, 1, 200);
    return ctx.store.list_messages(q);
}

domain::Result<store::OutboxMessage> retry_outbox_message(Context& ctx, std::int64_t id, const Actor& who) {
    if (auto ok = authorize(who, Permission::kAdminister); !ok) return ok.error();
    auto retried = ctx.store.retry_message(id, ctx.clock.now());
    if (!retried) return retried.error();
    if (auto ok = record_audit(ctx, who, "outbox.retry", "outbox:" + std::to_string(id), "{}",
                               encode_outbox_message(*retried));
        !ok)
        return ok.error();
    return retried;
}

}  // namespace tribune::service
