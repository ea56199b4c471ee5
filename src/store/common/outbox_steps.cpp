#include "store/common/outbox_steps.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "domain/email_address.hpp"
#include "store/common/notification_steps.hpp"

namespace tribune::store::outbox_steps {
namespace {

using domain::ErrorCode;

// Each engine's words for what the outbox's SQL needs beyond the shared dialect: the token, then
// SQLite's text, then PostgreSQL's.
struct OutboxDialect {
    std::string_view token, sqlite, postgres;
};
constexpr std::array<OutboxDialect, 7> kOutboxDialect{{
    // The database's clock in microseconds, for rows whose time the caller does not pass.
    {"{now}", "CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)",
     "CAST(extract(epoch FROM clock_timestamp()) * 1000000 AS BIGINT)"},
    // A message's key: "msg_" and 32 random lowercase hex digits, new for each row.
    {"{new_key}", "'msg_' || lower(hex(randomblob(16)))",
     "'msg_' || replace(CAST(gen_random_uuid() AS TEXT), '-', '')"},
    // Rows another node is taking are passed over, not waited for (SQLite has one writer).
    {"{skip_locked}", "", " FOR UPDATE SKIP LOCKED"},
    {"{lock_row}", "", " FOR UPDATE"},
    // The endpoint row, locked without conflicting with the KEY SHARE lock its delivery log's
    // foreign key takes: FOR UPDATE there deadlocked two nodes finishing for one endpoint.
    {"{lock_endpoint}", "", " FOR NO KEY UPDATE"},
    // Whether endpoint w asks for event e's type (its events stored as ",a,b,").
    {"{wants}", "instr(w.events, ',' || e.type || ',') > 0", "position(',' || e.type || ',' IN w.events) > 0"},
    // ?1, a JSON array of ids ("[4,7,9]"), as rows.
    {"{ids}", "SELECT CAST(value AS INTEGER) FROM json_each(CAST(?1 AS TEXT))",
     "SELECT CAST(value AS BIGINT) FROM jsonb_array_elements_text(CAST(?1 AS jsonb))"},
}};

std::string outbox_sql_for(std::string sql, bool postgres) {
    for (const auto& d : kOutboxDialect) {
        const std::string_view with = postgres ? d.postgres : d.sqlite;
        for (auto at = sql.find(d.token); at != std::string::npos; at = sql.find(d.token, at + with.size()))
            sql.replace(at, d.token.size(), with);
    }
    return sql;
}

constexpr std::string_view kMessageColumns =
    "id, key, channel, event_type, subject_id, page, coalesce(endpoint_id, 0), recipient, event_at, status,"
    " attempts, next_attempt_at, last_error, created_at, sent_at";
constexpr std::string_view kEndpointColumns =
    "id, url, events, secret, enabled, disabled_reason, failures, created_at, created_by";
constexpr std::string_view kDeliveryColumns =
    "id, endpoint_id, message_id, message_key, event_type, attempt, at, status_code, error, duration_ms";

std::string cat(std::initializer_list<std::string_view> parts) {
    std::string s;
    for (auto p : parts) s += p;
    return s;
}

const PortableSql kRecordOutboxEvent(
    "INSERT INTO outbox_events (type, subject_id, page, at)"
    " VALUES (CAST(?1 AS TEXT), CAST(?2 AS BIGINT), CAST(?3 AS TEXT), CAST(?4 AS BIGINT))");

// Endpoints.
const PortableSql kCountEndpoints("SELECT count(*) FROM webhook_endpoints");
const PortableSql kAddEndpoint(outbox_sql(cat(
    {"INSERT INTO webhook_endpoints (url, events, secret, enabled, disabled_reason, failures, created_at, created_by)"
     " VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS BIGINT), CAST(?5 AS TEXT), 0, {now},"
     " CAST(?6 AS TEXT)) RETURNING ",
     kEndpointColumns})));
const PortableSql kGetEndpoint(cat({"SELECT ", kEndpointColumns, " FROM webhook_endpoints WHERE id = CAST(?1 AS BIGINT)"}));
const PortableSql kListEndpoints(cat({"SELECT ", kEndpointColumns, " FROM webhook_endpoints ORDER BY id"}));
// Enabling an endpoint again starts its count of failures afresh.
const PortableSql kUpdateEndpoint(cat(
    {"UPDATE webhook_endpoints SET url = CAST(?2 AS TEXT), events = CAST(?3 AS TEXT), secret = CAST(?4 AS TEXT),"
     " failures = CASE WHEN enabled = 0 AND CAST(?5 AS BIGINT) = 1 THEN 0 ELSE failures END,"
     " enabled = CAST(?5 AS BIGINT), disabled_reason = CAST(?6 AS TEXT) WHERE id = CAST(?1 AS BIGINT) RETURNING ",
     kEndpointColumns}));
// Its messages first, then the endpoint: the order finish_attempt locks them in.
const PortableSql kDeleteEndpointMessages("DELETE FROM outbox_messages WHERE endpoint_id = CAST(?1 AS BIGINT)");
const PortableSql kDeleteEndpointDeliveries("DELETE FROM webhook_deliveries WHERE endpoint_id = CAST(?1 AS BIGINT)");
const PortableSql kDeleteEndpoint("DELETE FROM webhook_endpoints WHERE id = CAST(?1 AS BIGINT) RETURNING id");

// Messages.
const PortableSql kEnqueue(outbox_sql(cat(
    {"INSERT INTO outbox_messages (key, channel, event_type, subject_id, page, endpoint_id, recipient, event_at,"
     " status, attempts, next_attempt_at, created_at) VALUES ({new_key}, CAST(?1 AS TEXT), CAST(?2 AS TEXT),"
     " CAST(?3 AS BIGINT), CAST(?4 AS TEXT), CAST(?5 AS BIGINT), CAST(?6 AS TEXT), CAST(?7 AS BIGINT), 'pending', 0,"
     " CAST(?8 AS BIGINT), {now}) RETURNING ",
     kMessageColumns})));
const PortableSql kEndpointExists("SELECT 1 FROM webhook_endpoints WHERE id = CAST(?1 AS BIGINT)");
const PortableSql kGetMessage(cat({"SELECT ", kMessageColumns, " FROM outbox_messages WHERE id = CAST(?1 AS BIGINT)"}));
// Filters: 1 status ("" any), 2 channel ("" any), 3 endpoint (0 any), 4 before id (0 none), 5 limit.
const PortableSql kListMessages(cat(
    {"SELECT ", kMessageColumns,
     " FROM outbox_messages WHERE (CAST(?1 AS TEXT) = '' OR status = CAST(?1 AS TEXT))"
     " AND (CAST(?2 AS TEXT) = '' OR channel = CAST(?2 AS TEXT))"
     " AND (CAST(?3 AS BIGINT) = 0 OR endpoint_id = CAST(?3 AS BIGINT))"
     " AND (CAST(?4 AS BIGINT) = 0 OR id < CAST(?4 AS BIGINT)) ORDER BY id DESC LIMIT CAST(?5 AS BIGINT)"}));
// Only the lease's owner holds a message back; its attempts stay as they are.
const PortableSql kHold(cat(
    {"UPDATE outbox_messages SET next_attempt_at = CAST(?3 AS BIGINT), lease_owner = '', lease_until = NULL"
     " WHERE id = CAST(?1 AS BIGINT) AND status = 'pending' AND lease_owner = CAST(?2 AS TEXT) RETURNING ",
     kMessageColumns}));
const PortableSql kRetryDead(cat(
    {"UPDATE outbox_messages SET status = 'pending', next_attempt_at = CAST(?2 AS BIGINT), lease_owner = '',"
     " lease_until = NULL WHERE id = CAST(?1 AS BIGINT) AND status = 'dead' RETURNING ",
     kMessageColumns}));

// Fan-out: the oldest events (each taken by one node only), one message per enabled endpoint
// that asks for the type, and the mail they make (common/notification_steps.cpp), then the
// events go.
const PortableSql kAnyEvent("SELECT id FROM outbox_events LIMIT 1");
const PortableSql kTakeEvents(outbox_sql("SELECT id FROM outbox_events ORDER BY id LIMIT CAST(?1 AS BIGINT){skip_locked}"));
const PortableSql kFanOutToWebhooks(outbox_sql(
    "INSERT INTO outbox_messages (key, channel, event_type, subject_id, page, endpoint_id, recipient, event_at,"
    " status, attempts, next_attempt_at, created_at)"
    " SELECT {new_key}, 'webhook', e.type, e.subject_id, e.page, w.id, '', e.at, 'pending', 0, CAST(?2 AS BIGINT),"
    " CAST(?2 AS BIGINT) FROM outbox_events AS e JOIN webhook_endpoints AS w ON {wants}"
    " WHERE e.id IN ({ids}) ORDER BY e.id, w.id"));
const PortableSql kDropEvents(outbox_sql("DELETE FROM outbox_events WHERE id IN ({ids})"));

// What may be claimed at `now` (a parameter): pending, due, its lease (if any) over, and its
// endpoint enabled; mail (no endpoint) only when `with_mail` (a parameter) is 1, so a node
// without a relay leaves mail to the nodes that have one.
std::string claimable(std::string_view now, std::string_view with_mail) {
    return cat({"status = 'pending' AND next_attempt_at <= CAST(", now, " AS BIGINT) AND (lease_until IS NULL OR",
                " lease_until <= CAST(", now, " AS BIGINT)) AND ((channel = 'mail' AND CAST(", with_mail,
                " AS BIGINT) = 1) OR EXISTS (SELECT 1 FROM",
                " webhook_endpoints AS w WHERE w.id = outbox_messages.endpoint_id AND w.enabled = 1))"});
}
const PortableSql kAnyDue(cat({"SELECT id FROM outbox_messages WHERE ", claimable("?1", "?2"),
                               " ORDER BY next_attempt_at, id LIMIT 1"}));
// 1 owner, 2 now, 3 lease end, 4 limit, 5 with mail (0 or 1).
const PortableSql kClaim(outbox_sql(cat(
    {"UPDATE outbox_messages SET lease_owner = CAST(?1 AS TEXT), lease_until = CAST(?3 AS BIGINT) WHERE id IN"
     " (SELECT id FROM outbox_messages WHERE ",
     claimable("?2", "?5"), " ORDER BY next_attempt_at, id LIMIT CAST(?4 AS BIGINT){skip_locked}) RETURNING ",
     kMessageColumns})));

// Finishing an attempt.
const PortableSql kMessageForFinish(outbox_sql(cat(
    {"SELECT ", kMessageColumns, ", lease_owner FROM outbox_messages WHERE id = CAST(?1 AS BIGINT){lock_row}"})));
constexpr int kLeaseOwnerColumn = 15;
// 1 id, 2 status, 3 attempts, 4 next attempt, 5 last error, 6 sent at (NULL unless sent).
const PortableSql kFinish(cat(
    {"UPDATE outbox_messages SET status = CAST(?2 AS TEXT), attempts = CAST(?3 AS BIGINT),"
     " next_attempt_at = CAST(?4 AS BIGINT), last_error = CAST(?5 AS TEXT), sent_at = CAST(?6 AS BIGINT),"
     " lease_owner = '', lease_until = NULL WHERE id = CAST(?1 AS BIGINT) RETURNING ",
     kMessageColumns}));
const PortableSql kAddDelivery(
    "INSERT INTO webhook_deliveries (endpoint_id, message_id, message_key, event_type, attempt, at, status_code,"
    " error, duration_ms) VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS TEXT), CAST(?4 AS TEXT),"
    " CAST(?5 AS BIGINT), CAST(?6 AS BIGINT), CAST(?7 AS BIGINT), CAST(?8 AS TEXT), CAST(?9 AS BIGINT))");
const PortableSql kEndpointForFinish(
    outbox_sql("SELECT enabled, failures, disabled_reason FROM webhook_endpoints WHERE id = CAST(?1 AS BIGINT){lock_endpoint}"));
const PortableSql kSetEndpointHealth(
    "UPDATE webhook_endpoints SET failures = CAST(?2 AS BIGINT), enabled = CAST(?3 AS BIGINT),"
    " disabled_reason = CAST(?4 AS TEXT) WHERE id = CAST(?1 AS BIGINT)");

const PortableSql kListDeliveries(cat(
    {"SELECT ", kDeliveryColumns,
     " FROM webhook_deliveries WHERE endpoint_id = CAST(?1 AS BIGINT)"
     " AND (CAST(?2 AS BIGINT) = 0 OR id < CAST(?2 AS BIGINT)) ORDER BY id DESC LIMIT CAST(?3 AS BIGINT)"}));
// Sent messages past the cutoff, and pending ones made before it that nothing sent since (an
// endpoint disabled all that while, mail with no node that has a relay): they say nothing new now.
const PortableSql kPruneSent(
    "DELETE FROM outbox_messages WHERE (status = 'sent' AND sent_at < CAST(?1 AS BIGINT))"
    " OR (status = 'pending' AND created_at < CAST(?1 AS BIGINT)) RETURNING id");
const PortableSql kPruneDeliveries("DELETE FROM webhook_deliveries WHERE at < CAST(?1 AS BIGINT) RETURNING id");
const PortableSql kCounts(
    "SELECT (SELECT count(*) FROM outbox_events),"
    " (SELECT count(*) FROM outbox_messages WHERE status = 'pending'),"
    " (SELECT count(*) FROM outbox_messages WHERE status = 'sent'),"
    " (SELECT count(*) FROM outbox_messages WHERE status = 'dead')");

domain::Error outbox_invalid(std::string message) {
    return domain::make_error(ErrorCode::kInvalid, "Invalid outbox value", std::move(message));
}
domain::Error endpoint_not_found() {
    return domain::make_error(ErrorCode::kNotFound, "Not found", "no such webhook endpoint");
}
domain::Error message_not_found() {
    return domain::make_error(ErrorCode::kNotFound, "Not found", "no such outbox message");
}

OutboxMessage read_message(const SqlRows& r, int i) {
    OutboxMessage m;
    m.id = r.int64(i, 0);
    m.key = r.text(i, 1);
    m.channel = parse_outbox_channel(r.text(i, 2)).value_or(OutboxChannel::kWebhook);
    m.event_type = r.text(i, 3);
    m.subject_id = r.int64(i, 4);
    m.page = r.text(i, 5);
    m.endpoint_id = r.int64(i, 6);
    m.recipient = r.text(i, 7);
    m.event_at = domain::from_micros(r.int64(i, 8));
    m.status = parse_message_status(r.text(i, 9)).value_or(MessageStatus::kPending);
    m.attempts = static_cast<int>(r.int64(i, 10));
    m.next_attempt_at = domain::from_micros(r.int64(i, 11));
    m.last_error = r.text(i, 12);
    m.created_at = domain::from_micros(r.int64(i, 13));
    if (!r.is_null(i, 14)) m.sent_at = domain::from_micros(r.int64(i, 14));
    return m;
}

std::vector<OutboxMessage> read_messages(const SqlRows& r) {
    std::vector<OutboxMessage> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_message(r, i));
    return out;
}

// ",a,b," -> {a, b}.
std::vector<std::string> split_events(std::string_view stored) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < stored.size()) {
        auto end = stored.find(',', start);
        if (end == std::string_view::npos) end = stored.size();
        if (end > start) out.emplace_back(stored.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string join_events(const std::vector<std::string>& events) {
    std::string s(",");
    for (const auto& e : events) {
        s += e;
        s += ',';
    }
    return s;
}

WebhookEndpoint read_endpoint(const SqlRows& r, int i) {
    WebhookEndpoint e;
    e.id = r.int64(i, 0);
    e.url = r.text(i, 1);
    e.events = split_events(r.text(i, 2));
    e.secret = r.text(i, 3);
    e.enabled = r.int64(i, 4) != 0;
    e.disabled_reason = r.text(i, 5);
    e.failures = static_cast<int>(r.int64(i, 6));
    e.created_at = domain::from_micros(r.int64(i, 7));
    e.created_by = r.text(i, 8);
    return e;
}

WebhookDelivery read_delivery(const SqlRows& r, int i) {
    WebhookDelivery d;
    d.id = r.int64(i, 0);
    d.endpoint_id = r.int64(i, 1);
    d.message_id = r.int64(i, 2);
    d.message_key = r.text(i, 3);
    d.event_type = r.text(i, 4);
    d.attempt = static_cast<int>(r.int64(i, 5));
    d.at = domain::from_micros(r.int64(i, 6));
    d.status_code = static_cast<int>(r.int64(i, 7));
    d.error = r.text(i, 8);
    d.duration_ms = static_cast<int>(r.int64(i, 9));
    return d;
}

// What an endpoint is stored as: bounds checked, its events in kWebhookEventTypes order without
// repeats, and no reason while enabled.
struct CheckedEndpoint {
    std::string events;
    std::string disabled_reason;
};

Result<CheckedEndpoint> check_endpoint(const WebhookEndpoint& e) {
    if (e.url.empty() || e.url.size() > kMaxWebhookUrlBytes)
        return outbox_invalid("a webhook URL is 1 to " + std::to_string(kMaxWebhookUrlBytes) + " bytes");
    if (e.secret.empty() || e.secret.size() > kMaxWebhookSecretBytes)
        return outbox_invalid("a webhook secret is 1 to " + std::to_string(kMaxWebhookSecretBytes) + " bytes");
    if (e.created_by.size() > kMaxOutboxNameBytes) return outbox_invalid("created_by is too long");
    if (e.events.empty()) return outbox_invalid("a webhook endpoint names at least one event type");
    std::vector<std::string> events;
    for (const auto& type : e.events)
        if (!is_webhook_event_type(type)) return outbox_invalid("unknown event type: " + bounded_error(type));
    for (const auto type : kWebhookEventTypes)
        if (std::find(e.events.begin(), e.events.end(), type) != e.events.end()) events.emplace_back(type);
    return CheckedEndpoint{join_events(events), e.enabled ? std::string() : bounded_error(e.disabled_reason)};
}

// The ids in `r` (first column) as a JSON array: "[4,7,9]".
std::string json_ids(const SqlRows& r) {
    std::string s("[");
    for (int i = 0; i < r.rows(); ++i) {
        if (i > 0) s += ',';
        s += std::to_string(r.int64(i, 0));
    }
    s += ']';
    return s;
}

}  // namespace

PortableSql outbox_sql(const std::string& sql) { return PortableSql(outbox_sql_for(sql, false), outbox_sql_for(sql, true)); }

Result<void> record(SqlSession& db, std::string_view type, std::int64_t subject_id, std::string_view page,
                    domain::Time at) {
    auto r = db.query(kRecordOutboxEvent, {type, subject_id, page, domain::to_micros(at)});
    if (!r) return r.error();
    return {};
}

std::optional<std::string_view> status_event(domain::CommentStatus from, domain::CommentStatus to) {
    using domain::CommentStatus;
    auto event_of = [](CommentStatus s) -> std::optional<std::string_view> {
        if (s == CommentStatus::kApproved) return outbox_event::kCommentApproved;
        if (s == CommentStatus::kRejected || s == CommentStatus::kSpam) return outbox_event::kCommentRejected;
        return std::nullopt;
    };
    const auto event = event_of(to);
    if (from == to || event == event_of(from)) return std::nullopt;
    return event;
}

std::string bounded_error(std::string_view error) {
    if (error.size() <= kMaxOutboxErrorBytes) return std::string(error);
    std::size_t cut = kMaxOutboxErrorBytes;
    // Back up over continuation bytes (10xxxxxx) so no character is cut in two.
    while (cut > 0 && (static_cast<unsigned char>(error[cut]) & 0xC0) == 0x80) --cut;
    return std::string(error.substr(0, cut));
}

Result<WebhookEndpoint> add_webhook(SqlSession& db, const WebhookEndpoint& endpoint) {
    auto checked = check_endpoint(endpoint);
    if (!checked) return checked.error();
    auto count = db.query(kCountEndpoints, {});
    if (!count) return count.error();
    if (static_cast<std::size_t>(count->int64(0, 0)) >= kMaxWebhookEndpoints)
        return domain::make_error(ErrorCode::kConflict, "Too many webhook endpoints",
                                  "at most " + std::to_string(kMaxWebhookEndpoints) + " webhook endpoints may exist");
    auto r = db.query(kAddEndpoint, {std::string_view(endpoint.url), std::string_view(checked->events),
                                     std::string_view(endpoint.secret), std::int64_t{endpoint.enabled ? 1 : 0},
                                     std::string_view(checked->disabled_reason), std::string_view(endpoint.created_by)});
    if (!r) return r.error();
    return read_endpoint(*r, 0);
}

Result<WebhookEndpoint> get_webhook(SqlSession& db, std::int64_t id) {
    auto r = db.query(kGetEndpoint, {id});
    if (!r) return r.error();
    if (r->rows() == 0) return endpoint_not_found();
    return read_endpoint(*r, 0);
}

Result<std::vector<WebhookEndpoint>> list_webhooks(SqlSession& db) {
    auto r = db.query(kListEndpoints, {});
    if (!r) return r.error();
    std::vector<WebhookEndpoint> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_endpoint(*r, i));
    return out;
}

Result<WebhookEndpoint> update_webhook(SqlSession& db, const WebhookEndpoint& endpoint) {
    auto checked = check_endpoint(endpoint);
    if (!checked) return checked.error();
    auto r = db.query(kUpdateEndpoint, {endpoint.id, std::string_view(endpoint.url), std::string_view(checked->events),
                                        std::string_view(endpoint.secret), std::int64_t{endpoint.enabled ? 1 : 0},
                                        std::string_view(checked->disabled_reason)});
    if (!r) return r.error();
    if (r->rows() == 0) return endpoint_not_found();
    return read_endpoint(*r, 0);
}

Result<void> delete_webhook(SqlSession& db, std::int64_t id) {
    if (auto r = db.query(kDeleteEndpointMessages, {id}); !r) return r.error();
    if (auto r = db.query(kDeleteEndpointDeliveries, {id}); !r) return r.error();
    auto r = db.query(kDeleteEndpoint, {id});
    if (!r) return r.error();
    if (r->rows() == 0) return endpoint_not_found();
    return {};
}

Result<void> check_event(const OutboxEvent& event) {
    if (!is_webhook_event_type(event.type)) return outbox_invalid("unknown event type: " + bounded_error(event.type));
    return {};
}

Result<void> record_event(SqlSession& db, const OutboxEvent& event) {
    return record(db, event.type, event.subject_id, event.page, event.at);
}

Result<void> check_message(const NewOutboxMessage& message) {
    if (message.event_type.empty() || message.event_type.size() > kMaxOutboxNameBytes)
        return outbox_invalid("a message's event type is 1 to " + std::to_string(kMaxOutboxNameBytes) + " bytes");
    if (message.recipient.size() > domain::kMaxEmailBytes) return outbox_invalid("a message's recipient is too long");
    if (message.channel == OutboxChannel::kWebhook) {
        if (message.event_type != kWebhookTestEvent && !is_webhook_event_type(message.event_type))
            return outbox_invalid("unknown event type: " + bounded_error(message.event_type));
        if (message.endpoint_id <= 0) return outbox_invalid("a webhook message names its endpoint");
    } else if (message.recipient.empty()) {
        return outbox_invalid("a mail message names its recipient");
    }
    return {};
}

Result<OutboxMessage> enqueue_message(SqlSession& db, const NewOutboxMessage& message) {
    const bool webhook = message.channel == OutboxChannel::kWebhook;
    if (webhook) {
        auto exists = db.query(kEndpointExists, {message.endpoint_id});
        if (!exists) return exists.error();
        if (exists->rows() == 0) return endpoint_not_found();
    }
    auto r = db.query(kEnqueue, {to_string(message.channel), std::string_view(message.event_type), message.subject_id,
                                 std::string_view(message.page),
                                 webhook ? SqlValue(message.endpoint_id) : SqlValue(std::monostate{}),
                                 webhook ? std::string_view("") : std::string_view(message.recipient),
                                 domain::to_micros(message.event_at), domain::to_micros(message.due_at)});
    if (!r) return r.error();
    return read_message(*r, 0);
}

Result<bool> any_event(SqlSession& db) {
    auto r = db.query(kAnyEvent, {});
    if (!r) return r.error();
    return r->rows() > 0;
}

Result<int> fan_out_events(SqlSession& db, int limit, domain::Time now) {
    auto taken = db.query(kTakeEvents, {std::int64_t{limit}});
    if (!taken) return taken.error();
    if (taken->rows() == 0) return 0;
    const std::string ids = json_ids(*taken);
    if (auto r = db.query(kFanOutToWebhooks, {std::string_view(ids), domain::to_micros(now)}); !r) return r.error();
    if (auto ok = notification_steps::fan_out_mail(db, ids, now); !ok) return ok.error();
    if (auto r = db.query(kDropEvents, {std::string_view(ids)}); !r) return r.error();
    return taken->rows();
}

Result<void> check_owner(std::string_view owner) {
    if (owner.empty() || owner.size() > kMaxOutboxNameBytes)
        return outbox_invalid("a lease owner is 1 to " + std::to_string(kMaxOutboxNameBytes) + " bytes");
    return {};
}

Result<bool> any_due(SqlSession& db, domain::Time now, bool with_mail) {
    auto r = db.query(kAnyDue, {domain::to_micros(now), std::int64_t{with_mail ? 1 : 0}});
    if (!r) return r.error();
    return r->rows() > 0;
}

Result<std::vector<OutboxMessage>> claim_messages(SqlSession& db, std::string_view owner, int limit, domain::Time now,
                                                  std::chrono::seconds lease, bool with_mail) {
    // A lease of no length would let the next claim take the message back at once.
    const std::int64_t until = domain::to_micros(now + std::max(lease, std::chrono::seconds(1)));
    auto r = db.query(kClaim, {owner, domain::to_micros(now), until, std::int64_t{limit}, std::int64_t{with_mail ? 1 : 0}});
    if (!r) return r.error();
    auto out = read_messages(*r);
    std::sort(out.begin(), out.end(), [](const OutboxMessage& a, const OutboxMessage& b) {
        return std::pair(a.next_attempt_at, a.id) < std::pair(b.next_attempt_at, b.id);
    });
    return out;
}

Result<AttemptRecorded> finish_attempt(SqlSession& db, std::int64_t message_id, std::string_view owner,
                                       const AttemptOutcome& outcome, int disable_after_failures) {
    auto current = db.query(kMessageForFinish, {message_id});
    if (!current) return current.error();
    if (current->rows() == 0) return message_not_found();
    const OutboxMessage before = read_message(*current, 0);
    if (before.status != MessageStatus::kPending || current->text(0, kLeaseOwnerColumn) != owner)
        return domain::make_error(ErrorCode::kConflict, "Lease lost",
                                  "another sender holds this message now, or it is no longer pending");

    const int attempt = before.attempts + 1;
    const std::string error = outcome.sent ? std::string() : bounded_error(outcome.error);
    const MessageStatus status =
        outcome.sent ? MessageStatus::kSent : (outcome.retry_at ? MessageStatus::kPending : MessageStatus::kDead);
    const domain::Time next = outcome.retry_at && !outcome.sent ? *outcome.retry_at : before.next_attempt_at;
    auto finished = db.query(kFinish, {message_id, to_string(status), std::int64_t{attempt}, domain::to_micros(next),
                                       std::string_view(error),
                                       outcome.sent ? SqlValue(domain::to_micros(outcome.at)) : SqlValue(std::monostate{})});
    if (!finished) return finished.error();
    AttemptRecorded recorded{read_message(*finished, 0), false};
    if (before.channel != OutboxChannel::kWebhook || before.endpoint_id == 0) return recorded;

    if (auto r = db.query(kAddDelivery, {before.endpoint_id, message_id, std::string_view(before.key),
                                         std::string_view(before.event_type), std::int64_t{attempt},
                                         domain::to_micros(outcome.at), std::int64_t{outcome.status_code},
                                         std::string_view(error), std::int64_t{outcome.duration_ms}});
        !r)
        return r.error();
    auto endpoint = db.query(kEndpointForFinish, {before.endpoint_id});
    if (!endpoint) return endpoint.error();
    if (endpoint->rows() == 0) return recorded;
    bool enabled = endpoint->int64(0, 0) != 0;
    std::int64_t failures = outcome.sent ? 0 : endpoint->int64(0, 1) + 1;
    std::string reason = endpoint->text(0, 2);  // an endpoint already disabled keeps its reason
    if (enabled && !outcome.sent && disable_after_failures > 0 && failures >= disable_after_failures) {
        enabled = false;
        reason = error.empty() ? bounded_error("failed " + std::to_string(failures) + " times in a row") : error;
        recorded.endpoint_disabled = true;
    }
    if (auto r = db.query(kSetEndpointHealth, {before.endpoint_id, failures, std::int64_t{enabled ? 1 : 0},
                                               std::string_view(reason)});
        !r)
        return r.error();
    return recorded;
}

Result<std::vector<OutboxMessage>> list_messages(SqlSession& db, const MessageQuery& query) {
    const std::int64_t limit = std::clamp(query.limit, 1, kMaxOutboxListLimit);
    const std::string_view status = query.status ? to_string(*query.status) : std::string_view("");
    const std::string_view channel = query.channel ? to_string(*query.channel) : std::string_view("");
    auto r = db.query(kListMessages, {status, channel, query.endpoint_id.value_or(0), query.before_id.value_or(0), limit});
    if (!r) return r.error();
    return read_messages(*r);
}

Result<OutboxMessage> get_message(SqlSession& db, std::int64_t id) {
    auto r = db.query(kGetMessage, {id});
    if (!r) return r.error();
    if (r->rows() == 0) return message_not_found();
    return read_message(*r, 0);
}

Result<OutboxMessage> retry_message(SqlSession& db, std::int64_t id, domain::Time now) {
    auto r = db.query(kRetryDead, {id, domain::to_micros(now)});
    if (!r) return r.error();
    if (r->rows() > 0) return read_message(*r, 0);
    auto current = get_message(db, id);
    if (!current) return current.error();
    return domain::make_error(ErrorCode::kConflict, "Not dead", "only a dead message can be retried");
}

Result<OutboxMessage> hold_message(SqlSession& db, std::int64_t id, std::string_view owner, domain::Time until) {
    auto r = db.query(kHold, {id, owner, domain::to_micros(until)});
    if (!r) return r.error();
    if (r->rows() > 0) return read_message(*r, 0);
    auto current = get_message(db, id);
    if (!current) return current.error();
    return domain::make_error(ErrorCode::kConflict, "Lease lost",
                              "another sender holds this message now, or it is no longer pending");
}

Result<std::vector<WebhookDelivery>> list_deliveries(SqlSession& db, std::int64_t endpoint_id,
                                                     std::optional<std::int64_t> before_id, int limit) {
    auto exists = db.query(kEndpointExists, {endpoint_id});
    if (!exists) return exists.error();
    if (exists->rows() == 0) return endpoint_not_found();
    auto r = db.query(kListDeliveries,
                      {endpoint_id, before_id.value_or(0), std::int64_t{std::clamp(limit, 1, kMaxOutboxListLimit)}});
    if (!r) return r.error();
    std::vector<WebhookDelivery> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_delivery(*r, i));
    return out;
}

Result<std::int64_t> prune_outbox(SqlSession& db, domain::Time before) {
    const std::int64_t cutoff = domain::to_micros(before);
    auto sent = db.query(kPruneSent, {cutoff});
    if (!sent) return sent.error();
    auto deliveries = db.query(kPruneDeliveries, {cutoff});
    if (!deliveries) return deliveries.error();
    return std::int64_t{sent->rows()} + deliveries->rows();
}

Result<OutboxCounts> outbox_counts(SqlSession& db) {
    auto r = db.query(kCounts, {});
    if (!r) return r.error();
    return OutboxCounts{r->int64(0, 0), r->int64(0, 1), r->int64(0, 2), r->int64(0, 3)};
}

}  // namespace tribune::store::outbox_steps
