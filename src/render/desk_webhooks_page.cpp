// The desk's webhooks (admins): GET /admin/webhooks lists the endpoints with their state and
// buttons (test, enable or disable, delete), the form that adds one, and the dead letters with
// a Retry button; GET /admin/webhooks/{id} shows one endpoint's secret and delivery log.
#include <algorithm>

#include "render/date_format.hpp"
#include "render/desk_layout.hpp"
#include "render/desk_pages.hpp"
#include "render/html_escape.hpp"
#include "render/relative_time.hpp"

namespace tribune::render {
namespace {

void append_webhook_events(std::string& out, const std::vector<std::string>& events) {
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (i) out += ", ";
        out += "<code>";
        append_escaped(out, events[i]);
        out += "</code>";
    }
}

void append_webhook_state(std::string& out, const DeskWebhookRow& e) {
    if (e.enabled) {
        out += "Enabled";
        if (e.failures > 0) out += " (" + std::to_string(e.failures) + " failed in a row)";
        return;
    }
    out += "<strong>Disabled</strong>";
    if (!e.disabled_reason.empty()) {
        out += ": ";
        append_escaped(out, e.disabled_reason);
    }
}

void append_webhook_button(std::string& out, const DeskStaff& staff, const std::string& action, std::string_view css,
                        std::string_view label) {
    open_post_form(out, action, css, staff);
    out += "<button type=\"submit\">";
    out += label;
    out += "</button></form> ";
}

void append_webhook_endpoints(std::string& out, const DeskWebhooksView& v) {
    out += "<section class=\"desk-panel\" aria-labelledby=\"endpoints-title\">\n<h2 id=\"endpoints-title\">Endpoints</h2>\n";
    if (v.endpoints.empty()) {
        out += "<p class=\"empty-state\">No endpoints yet.</p>\n</section>\n";
        return;
    }
    out += "<div class=\"desk-table-wrap\"><table class=\"desk-table\">\n<thead><tr><th scope=\"col\">URL</th>"
           "<th scope=\"col\">Events</th><th scope=\"col\">State</th><th scope=\"col\">Added</th>"
           "<th scope=\"col\"><span class=\"visually-hidden\">Actions</span></th></tr></thead>\n<tbody>\n";
    for (const auto& e : v.endpoints) {
        const std::string base = "/admin/webhooks/" + e.id;
        out += "<tr id=\"webhook-" + e.id + "\"><td><a href=\"" + base + "\">";
        append_escaped(out, e.url);
        out += "</a></td><td>";
        append_webhook_events(out, e.events);
        out += "</td><td>";
        append_webhook_state(out, e);
        out += "</td><td>";
        out += relative_time_element(e.created_at, v.frame.now);
        out += " by ";
        append_escaped(out, e.created_by);
        out += "</td><td class=\"desk-actions\">";
        if (e.enabled) {
            append_webhook_button(out, v.frame.staff, base + "/test", "desk-webhook-test", "Send test event");
            append_webhook_button(out, v.frame.staff, base + "/disable", "desk-webhook-disable", "Disable");
        } else {
            append_webhook_button(out, v.frame.staff, base + "/enable", "desk-webhook-enable", "Enable");
        }
        append_webhook_button(out, v.frame.staff, base + "/delete", "desk-webhook-delete", "Delete");
        out += "</td></tr>\n";
    }
    out += "</tbody></table></div>\n</section>\n";
}

void append_webhook_add_form(std::string& out, const DeskWebhooksView& v) {
    out += "<section class=\"desk-panel\" aria-labelledby=\"add-title\">\n<h2 id=\"add-title\">Add an endpoint</h2>\n";
    open_post_form(out, "/admin/webhooks", "desk-form", v.frame.staff);
    out += "<p><label for=\"webhook-url\">URL</label><br><input type=\"url\" id=\"webhook-url\" name=\"url\" required "
           "maxlength=\"2048\" placeholder=\"https://hooks.example.net/tribune\" value=\"";
    append_escaped(out, v.new_url);
    out += "\"></p>\n<fieldset><legend>Events</legend>\n";
    for (const auto& type : v.event_types) {
        out += "<label><input type=\"checkbox\" name=\"events\" value=\"";
        append_escaped(out, type);
        out += "\"";
        if (std::find(v.new_events.begin(), v.new_events.end(), type) != v.new_events.end()) out += " checked";
        out += "> <code>";
        append_escaped(out, type);
        out += "</code></label><br>\n";
    }
    out += "</fieldset>\n<p class=\"desk-hint\">Each delivery is signed with the endpoint's secret (Standard "
           "Webhooks); the secret is shown on the endpoint's page. Pending comments' text goes to endpoints that "
           "ask for <code>comment.created</code> or the moderation events.</p>\n"
           "<p><button type=\"submit\">Add endpoint</button></p></form>\n</section>\n";
}

void append_webhook_dead_letters(std::string& out, const DeskWebhooksView& v) {
    out += "<section class=\"desk-panel\" aria-labelledby=\"dead-title\">\n<h2 id=\"dead-title\">Dead letters</h2>\n";
    if (v.dead.empty()) {
        out += "<p class=\"empty-state\">No message has given up.</p>\n</section>\n";
        return;
    }
    out += "<div class=\"desk-table-wrap\"><table class=\"desk-table\">\n<thead><tr><th scope=\"col\">Event</th>"
           "<th scope=\"col\">To</th><th scope=\"col\">Attempts</th><th scope=\"col\">Last error</th>"
           "<th scope=\"col\">Made</th><th scope=\"col\"><span class=\"visually-hidden\">Action</span></th></tr></thead>\n"
           "<tbody>\n";
    for (const auto& m : v.dead) {
        out += "<tr id=\"outbox-" + m.id + "\"><td><code>";
        append_escaped(out, m.event);
        out += "</code> ";
        append_escaped(out, m.subject);
        out += "</td><td>";
        append_escaped(out, m.endpoint_url);
        out += "</td><td>" + std::to_string(m.attempts) + "</td><td>";
        append_escaped(out, m.last_error);
        out += "</td><td>";
        out += relative_time_element(m.created_at, v.frame.now);
        out += "</td><td>";
        append_webhook_button(out, v.frame.staff, "/admin/outbox/" + m.id + "/retry", "desk-outbox-retry", "Retry");
        out += "</td></tr>\n";
    }
    out += "</tbody></table></div>\n</section>\n";
}

}  // namespace

std::string desk_webhooks_page(const DeskWebhooksView& v) {
    std::string main = "<h1 class=\"page-title\">Webhooks</h1>\n";
    append_webhook_endpoints(main, v);
    append_webhook_add_form(main, v);
    append_webhook_dead_letters(main, v);
    return desk_document(v.frame, "Webhooks", main);
}

std::string desk_webhook_page(const DeskWebhookView& v) {
    const auto& e = v.endpoint;
    std::string main = "<p><a href=\"/admin/webhooks\">All webhooks</a></p>\n<h1 class=\"page-title\">Webhook ";
    append_escaped(main, e.url);
    main += "</h1>\n<dl class=\"desk-facts\"><dt>Events</dt><dd>";
    append_webhook_events(main, e.events);
    main += "</dd><dt>State</dt><dd>";
    append_webhook_state(main, e);
    main += "</dd><dt>Signing secret</dt><dd><code class=\"desk-secret\">";
    append_escaped(main, v.secret);
    main += "</code></dd></dl>\n<section class=\"desk-panel\" aria-labelledby=\"log-title\">\n"
            "<h2 id=\"log-title\">Delivery log</h2>\n";
    if (v.deliveries.empty()) {
        main += "<p class=\"empty-state\">Nothing sent yet.</p>\n</section>\n";
        return desk_document(v.frame, "Webhook", main);
    }
    main += "<div class=\"desk-table-wrap\"><table class=\"desk-table\">\n<thead><tr><th scope=\"col\">When</th>"
            "<th scope=\"col\">Event</th><th scope=\"col\">Attempt</th><th scope=\"col\">Answer</th>"
            "<th scope=\"col\">Time taken</th><th scope=\"col\">webhook-id</th></tr></thead>\n<tbody>\n";
    for (const auto& d : v.deliveries) {
        main += "<tr><td>";
        main += relative_time_element(d.at, v.frame.now);
        main += "</td><td><code>";
        append_escaped(main, d.event);
        main += "</code></td><td>" + std::to_string(d.attempt) + "</td><td>";
        if (d.error.empty()) {
            main += "HTTP " + std::to_string(d.status_code);
        } else {
            append_escaped(main, d.error);
        }
        main += "</td><td>" + std::to_string(d.duration_ms) + " ms</td><td><code>";
        append_escaped(main, d.webhook_id);
        main += "</code></td></tr>\n";
    }
    main += "</tbody></table></div>\n</section>\n";
    return desk_document(v.frame, "Webhook", main);
}

}  // namespace tribune::render
