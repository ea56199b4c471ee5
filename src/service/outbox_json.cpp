// The JSON of the outbox: webhook endpoints, delivery logs and messages as the API answers them,
// and the payload each webhook delivery posts. Boost.JSON stays in this file.
#include <boost/json.hpp>

#include "service/outbox_sender.hpp"
#include "service/records_json_object.hpp"
#include "service/webhooks.hpp"

namespace tribune::service {
namespace json = boost::json;
namespace {

json::value time_or_null(const std::optional<domain::Time>& t) {
    if (!t) return nullptr;
    return json::value(domain::format_rfc3339(*t));
}

json::object webhook_object(const store::WebhookEndpoint& e, bool with_secret) {
    json::array events;
    for (const auto& ev : e.events) events.emplace_back(ev);
    json::object o{{"id", std::to_string(e.id)},
                   {"url", e.url},
                   {"events", std::move(events)},
                   {"enabled", e.enabled},
                   {"disabled_reason", e.disabled_reason.empty() ? json::value(nullptr) : json::value(e.disabled_reason)},
                   {"failures", e.failures},
                   {"created_at", domain::format_rfc3339(e.created_at)},
                   {"created_by", e.created_by}};
    if (with_secret) o["secret"] = e.secret;
    return o;
}

json::object delivery_object(const store::WebhookDelivery& d) {
    return json::object{{"id", std::to_string(d.id)},
                        {"message_id", std::to_string(d.message_id)},
                        {"webhook_id", d.message_key},
                        {"event", d.event_type},
                        {"attempt", d.attempt},
                        {"at", domain::format_rfc3339(d.at)},
                        {"status_code", d.status_code == 0 ? json::value(nullptr) : json::value(d.status_code)},
                        {"error", d.error.empty() ? json::value(nullptr) : json::value(d.error)},
                        {"duration_ms", d.duration_ms}};
}

json::object message_object(const store::OutboxMessage& m) {
    json::object o{{"id", std::to_string(m.id)},
                   {"key", m.key},
                   {"channel", std::string(store::to_string(m.channel))},
                   {"event", m.event_type},
                   {"subject_id", std::to_string(m.subject_id)},
                   {"page", m.page},
                   {"status", std::string(store::to_string(m.status))},
                   {"attempts", m.attempts},
                   {"next_attempt_at", domain::format_rfc3339(m.next_attempt_at)},
                   {"last_error", m.last_error.empty() ? json::value(nullptr) : json::value(m.last_error)},
                   {"created_at", domain::format_rfc3339(m.created_at)},
                   {"sent_at", time_or_null(m.sent_at)}};
    if (m.channel == store::OutboxChannel::kWebhook) o["endpoint_id"] = std::to_string(m.endpoint_id);
    return o;
}

json::value next_or_null(std::optional<std::int64_t> next) {
    if (!next) return nullptr;
    return json::value(std::to_string(*next));
}

}  // namespace

std::string encode_webhook(const store::WebhookEndpoint& e, bool with_secret) {
    return json::serialize(webhook_object(e, with_secret));
}

std::string encode_webhooks(const std::vector<store::WebhookEndpoint>& list) {
    json::array a;
    for (const auto& e : list) a.emplace_back(webhook_object(e, true));
    return json::serialize(json::object{{"webhooks", std::move(a)}});
}

std::string encode_deliveries(const std::vector<store::WebhookDelivery>& list, std::optional<std::int64_t> next_before) {
    json::array a;
    for (const auto& d : list) a.emplace_back(delivery_object(d));
    return json::serialize(json::object{{"deliveries", std::move(a)}, {"next_before", next_or_null(next_before)}});
}

std::string encode_outbox_message(const store::OutboxMessage& m) { return json::serialize(message_object(m)); }

std::string encode_outbox_messages(const std::vector<store::OutboxMessage>& list, std::optional<std::int64_t> next_before) {
    json::array a;
    for (const auto& m : list) a.emplace_back(message_object(m));
    return json::serialize(json::object{{"messages", std::move(a)}, {"next_before", next_or_null(next_before)}});
}

namespace {

// The article an event names by the path it had then: by that slug, or where the slug has gone
// since (an old slug redirects), or by its discussion's page key.
domain::Result<domain::Article> article_at(store::Store& store, const std::string& path) {
    constexpr std::string_view kPrefix = "/articles/";
    if (path.rfind(kPrefix, 0) == 0) {
        const std::string slug = path.substr(kPrefix.size());
        auto a = store.get_article(slug);
        if (a || a.error().code != domain::ErrorCode::kNotFound) return a;
        auto moved = store.article_redirect(slug);
        if (!moved) return moved.error();
        if (*moved) return store.get_article(**moved);
    }
    return store.article_for_page(path);
}

bool gone(const domain::Error& e) {
    return e.code == domain::ErrorCode::kNotFound || e.code == domain::ErrorCode::kGone;
}

}  // namespace

// What a moderator may see of the subject as it is now (never an email or a network hash): a
// comment erased or deleted since the event goes out as it is, its text already gone; one that
// no longer exists, by its id alone. A store that cannot answer is an error: nothing is sent.
domain::Result<std::string> OutboxSender::payload(const store::OutboxMessage& m) {
    json::object data;
    const bool about_comment = m.event_type.rfind("comment.", 0) == 0;
    const bool about_article = m.event_type.rfind("article.", 0) == 0;
    if (about_comment) {
        auto c = store_.get_comment(m.subject_id);
        if (c) {
            data["comment"] = staff_comment_object(*c);
            if (!options_.site_url.empty() && !c->page.empty() && c->page.front() == '/')
                data["url"] = options_.site_url + c->page + "#comment-" + std::to_string(c->id);
        } else if (gone(c.error())) {
            data["comment"] = json::object{{"id", std::to_string(m.subject_id)}, {"page", m.page}};
        } else {
            return c.error();
        }
    } else if (about_article) {
        auto a = article_at(store_, m.page);
        if (a) {
            data["article"] = article_object(*a);
            if (!options_.site_url.empty()) data["url"] = options_.site_url + a->path();
        } else if (gone(a.error())) {
            data["article"] = json::object{{"id", std::to_string(m.subject_id)}, {"path", m.page}};
        } else {
            return a.error();
        }
    } else {
        data["endpoint_id"] = std::to_string(m.endpoint_id);
        data["message"] = "A test event from Tribune: this endpoint receives and checks deliveries.";
    }
    return json::serialize(json::object{
        {"type", m.event_type}, {"timestamp", domain::format_rfc3339(m.event_at)}, {"data", std::move(data)}});
}

}  // namespace tribune::service
