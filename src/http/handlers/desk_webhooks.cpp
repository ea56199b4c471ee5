// The desk's webhooks page (admins): endpoints with test, enable, disable and delete; the add
// form; one endpoint's secret and delivery log; the dead letters with Retry. Forms post back and
// redirect (POST-redirect-GET); a failed form shows the page again with its message. The use
// cases (service/webhooks.hpp) refuse anyone but admins.
#include "http/handlers/desk_support.hpp"
#include "http/handlers/handlers.hpp"
#include "http/problem.hpp"
#include "render/desk_pages.hpp"
#include "service/webhooks.hpp"

namespace tribune::http::desk {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr int kWebhookDeliveriesShown = 100;
constexpr int kDeadLettersShownAtDesk = 100;

render::DeskWebhookRow webhook_row(const store::WebhookEndpoint& e) {
    return render::DeskWebhookRow{std::to_string(e.id), e.url,        e.events,     e.enabled, e.disabled_reason,
                                  e.failures,          e.created_at, e.created_by};
}

std::string dead_letter_subject(const store::OutboxMessage& m) {
    if (m.event_type.rfind("comment.", 0) == 0) return "comment " + std::to_string(m.subject_id) + " on " + m.page;
    if (m.event_type.rfind("article.", 0) == 0) return m.page;
    return "";
}

render::DeskWebhooksView webhooks_view(Desk& d) {
    render::DeskWebhooksView v;
    d.frame.section = render::DeskSection::kWebhooks;
    v.frame = d.frame;
    for (auto type : store::kWebhookEventTypes) v.event_types.emplace_back(type);
    return v;
}

// Fills the lists; the first failure (a moderator, an unavailable store) is the page's error.
std::optional<domain::Error> fill_webhook_lists(Services& s, const Desk& d, render::DeskWebhooksView& v) {
    auto endpoints = service::list_webhooks(s, d.who);
    if (!endpoints) return endpoints.error();
    for (const auto& e : *endpoints) v.endpoints.push_back(webhook_row(e));
    store::MessageQuery q;
    q.status = store::MessageStatus::kDead;
    q.limit = kDeadLettersShownAtDesk;
    auto dead = service::list_outbox(s, q, d.who);
    if (!dead) return dead.error();
    for (const auto& m : *dead) {
        std::string url;
        for (const auto& e : *endpoints)
            if (e.id == m.endpoint_id) url = e.url;
        v.dead.push_back(render::DeskDeadLetterRow{std::to_string(m.id), m.event_type, url, dead_letter_subject(m), m.attempts,
                                                   m.last_error, m.created_at});
    }
    return std::nullopt;
}

// A desk POST naming an endpoint or a message by id (nullopt: not a positive id).
struct WebhookPost : DeskPost {
    std::optional<std::int64_t> id;
};

WebhookPost begin_webhook_post(Services& s, const Request& req, const Identity& who) {
    WebhookPost p{begin_desk_post(s, req, who), std::nullopt};
    if (!req.path_params.empty()) {
        p.id = parse_int(req.path_params[0]);
        if (p.id && *p.id <= 0) p.id.reset();
    }
    return p;
}

Response no_such_webhook_item(Services& s, const Request& req, Desk& d, std::string_view what) {
    return failed(s, req, d, make_error(ErrorCode::kNotFound, "Not found", "there is no such " + std::string(what)),
                  "/admin/webhooks");
}

Response set_webhook_enabled(Services& s, Request& req, const Identity& who, bool enabled) {
    auto p = begin_webhook_post(s, req, who);
    if (!p.desk) return p.refusal;
    if (!p.id) return no_such_webhook_item(s, req, *p.desk, "webhook");
    service::WebhookInput in;
    in.enabled = enabled;
    auto changed = service::update_webhook(s, *p.id, in, p.desk->who);
    if (!changed) return failed(s, req, *p.desk, changed.error(), "/admin/webhooks");
    return succeeded("/admin/webhooks", enabled ? "webhook-enabled" : "webhook-disabled", 1);
}

}  // namespace

Response webhooks_page(Services& s, const Request&, Desk& d) {
    auto v = webhooks_view(d);
    if (auto e = fill_webhook_lists(s, d, v)) return desk_error(s, &d, *e);
    return desk_html(200, render::desk_webhooks_page(v));
}

namespace webhooks {

Response list_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    return webhooks_page(s, req, d);
}

Response one_get(Services& s, Request& req, const Identity& who) {
    Desk d = open_desk(s, req, who);
    d.frame.section = render::DeskSection::kWebhooks;
    const auto id = parse_int(req.path_params[0]);
    if (!id || *id <= 0) return desk_error(s, &d, 404, "Not found", "There is no such webhook.");
    auto e = service::get_webhook(s, *id, d.who);
    if (!e) return desk_error(s, &d, e.error());
    auto log = service::list_deliveries(s, *id, std::nullopt, kWebhookDeliveriesShown, d.who);
    if (!log) return desk_error(s, &d, log.error());
    render::DeskWebhookView v;
    v.frame = d.frame;
    v.endpoint = webhook_row(*e);
    v.secret = e->secret;
    for (const auto& row : *log)
        v.deliveries.push_back(render::DeskDeliveryRow{row.attempt, row.at, row.event_type, row.message_key,
                                                       row.status_code, row.error, row.duration_ms});
    return desk_html(200, render::desk_webhook_page(v));
}

Response create_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_webhook_post(s, req, who);
    if (!p.desk) return p.refusal;
    service::WebhookInput in;
    in.url = std::string(field(p.form, "url"));
    std::vector<std::string> events;
    for (const auto& [k, v] : p.form)
        if (k == "events" && events.size() < 64) events.push_back(v);
    in.events = events;
    auto made = service::create_webhook(s, in, p.desk->who);
    if (!made) {
        if (wants_json(req)) return problem(made.error());
        auto v = webhooks_view(*p.desk);
        v.frame.notices.push_back(render::DeskNotice{false, message_of(made.error())});
        v.new_url = *in.url;
        v.new_events = std::move(events);
        if (auto e = fill_webhook_lists(s, *p.desk, v)) return desk_error(s, &*p.desk, *e);
        return desk_html(status_of(made.error().code), render::desk_webhooks_page(v));
    }
    return succeeded("/admin/webhooks/" + std::to_string(made->id), "webhook-added", 1);
}

Response test_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_webhook_post(s, req, who);
    if (!p.desk) return p.refusal;
    if (!p.id) return no_such_webhook_item(s, req, *p.desk, "webhook");
    auto queued = service::send_test_event(s, *p.id, p.desk->who);
    if (!queued) return failed(s, req, *p.desk, queued.error(), "/admin/webhooks");
    return succeeded("/admin/webhooks/" + std::to_string(*p.id), "webhook-test", 1);
}

Response enable_post(Services& s, Request& req, const Identity& who) { return set_webhook_enabled(s, req, who, true); }
Response disable_post(Services& s, Request& req, const Identity& who) { return set_webhook_enabled(s, req, who, false); }

Response delete_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_webhook_post(s, req, who);
    if (!p.desk) return p.refusal;
    if (!p.id) return no_such_webhook_item(s, req, *p.desk, "webhook");
    if (auto ok = service::delete_webhook(s, *p.id, p.desk->who); !ok)
        return failed(s, req, *p.desk, ok.error(), "/admin/webhooks");
    return succeeded("/admin/webhooks", "webhook-deleted", 1);
}

Response retry_post(Services& s, Request& req, const Identity& who) {
    auto p = begin_webhook_post(s, req, who);
    if (!p.desk) return p.refusal;
    if (!p.id) return no_such_webhook_item(s, req, *p.desk, "message");
    auto retried = service::retry_outbox_message(s, *p.id, p.desk->who);
    if (!retried) return failed(s, req, *p.desk, retried.error(), "/admin/webhooks");
    return succeeded("/admin/webhooks", "outbox-retry", 1);
}

}  // namespace webhooks
}  // namespace tribune::http::desk
