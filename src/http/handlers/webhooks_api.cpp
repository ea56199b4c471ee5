// Admins' webhook endpoints, their delivery logs, and the outbox's messages (docs/openapi.yaml,
// "Webhooks"). Each handler runs after its route's guard (admins; CSRF for a session), decodes,
// calls the use case (service/webhooks.hpp), encodes. Answers are never cached: they hold secrets.
#include "http/handlers/handlers.hpp"

#include "domain/decimal.hpp"
#include "http/json_codec.hpp"
#include "http/moderation_codec.hpp"
#include "http/problem.hpp"
#include "service/webhooks.hpp"

namespace tribune::http::webhooks_api {
namespace {

using domain::ErrorCode;
using domain::make_error;

Response webhook_answer(int status, std::string body) {
    Response r = json_response(status, std::move(body));
    r.set("Cache-Control", "no-store");
    return r;
}

Response no_such_webhook() { return problem(make_error(ErrorCode::kNotFound, "Not found", "no such webhook")); }

// ?before=ID&limit=N, both optional: limit 1..200 (default 50).
struct WebhookPageParams {
    std::optional<std::int64_t> before;
    int limit = 50;
};

domain::Result<WebhookPageParams> webhook_page_params(Request& req) {
    WebhookPageParams p;
    if (auto b = req.query_param("before")) {
        p.before = domain::parse_positive(*b);
        if (!p.before) return make_error(ErrorCode::kMalformed, "Bad cursor", "before must be an id");
    }
    if (auto l = req.query_param("limit")) {
        auto n = domain::parse_positive(*l);
        if (!n || *n > 200)
            return make_error(ErrorCode::kInvalid, "Invalid limit", "limit must be 1..200",
                              {domain::FieldError{"limit", "1..200"}});
        p.limit = static_cast<int>(*n);
    }
    return p;
}

// The cursor for the next (older) page: the last id of a full page.
template <class Row>
std::optional<std::int64_t> webhook_next_before(const std::vector<Row>& rows, int limit) {
    if (rows.empty() || static_cast<int>(rows.size()) < limit) return std::nullopt;
    return rows.back().id;
}

}  // namespace

Response create(Services& s, Request& req, const Identity& who) {
    auto in = decode_webhook_input(req.body);
    if (!in) return problem(in.error());
    auto made = service::create_webhook(s, *in, who);
    if (!made) return problem(made.error());
    return webhook_answer(201, service::encode_webhook(*made, true));
}

Response list(Services& s, Request&, const Identity& who) {
    auto all = service::list_webhooks(s, who);
    if (!all) return problem(all.error());
    return webhook_answer(200, service::encode_webhooks(*all));
}

Response get(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return no_such_webhook();
    auto e = service::get_webhook(s, *id, who);
    if (!e) return problem(e.error());
    return webhook_answer(200, service::encode_webhook(*e, true));
}

Response change(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return no_such_webhook();
    auto in = decode_webhook_input(req.body);
    if (!in) return problem(in.error());
    auto e = service::update_webhook(s, *id, *in, who);
    if (!e) return problem(e.error());
    return webhook_answer(200, service::encode_webhook(*e, true));
}

Response remove(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return no_such_webhook();
    if (auto ok = service::delete_webhook(s, *id, who); !ok) return problem(ok.error());
    Response r = no_content();
    r.set("Cache-Control", "no-store");
    return r;
}

Response test(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return no_such_webhook();
    auto m = service::send_test_event(s, *id, who);
    if (!m) return problem(m.error());
    return webhook_answer(202, service::encode_outbox_message(*m));
}

Response deliveries(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return no_such_webhook();
    auto p = webhook_page_params(req);
    if (!p) return problem(p.error());
    auto rows = service::list_deliveries(s, *id, p->before, p->limit, who);
    if (!rows) return problem(rows.error());
    return webhook_answer(200, service::encode_deliveries(*rows, webhook_next_before(*rows, p->limit)));
}

Response outbox(Services& s, Request& req, const Identity& who) {
    auto p = webhook_page_params(req);
    if (!p) return problem(p.error());
    store::MessageQuery q;
    q.before_id = p->before;
    q.limit = p->limit;
    if (auto st = req.query_param("status")) {
        q.status = store::parse_message_status(*st);
        if (!q.status)
            return problem(make_error(ErrorCode::kInvalid, "Unknown status", "status must be pending, sent or dead",
                                      {domain::FieldError{"status", "pending, sent or dead"}}));
    }
    if (auto ch = req.query_param("channel")) {
        q.channel = store::parse_outbox_channel(*ch);
        if (!q.channel)
            return problem(make_error(ErrorCode::kInvalid, "Unknown channel", "channel must be webhook or mail",
                                      {domain::FieldError{"channel", "webhook or mail"}}));
    }
    auto rows = service::list_outbox(s, q, who);
    if (!rows) return problem(rows.error());
    return webhook_answer(200, service::encode_outbox_messages(*rows, webhook_next_before(*rows, p->limit)));
}

Response retry(Services& s, Request& req, const Identity& who) {
    auto id = parse_id(req.path_params[0]);
    if (!id) return problem(make_error(ErrorCode::kNotFound, "Not found", "no such message"));
    auto m = service::retry_outbox_message(s, *id, who);
    if (!m) return problem(m.error());
    return webhook_answer(200, service::encode_outbox_message(*m));
}

}  // namespace tribune::http::webhooks_api
