#include "service/outbox_sender.hpp"

#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cstdio>

#include "outbound/mail_message.hpp"
#include "outbound/webhook_signature.hpp"

namespace tribune::service {
namespace {

// A round sends at most this many batches, so a steady stream of events cannot keep one node's
// loop from its other work (pruning, stopping) for long.
constexpr int kMaxBatchesPerRound = 20;

std::string attempt_error(const outbound::WebhookResponse& r) {
    if (!r.error.empty()) return r.error;
    return "the endpoint answered HTTP " + std::to_string(r.status_code);
}

}  // namespace

OutboxSender::OutboxSender(store::Store& store, const domain::Clock& clock,
                           std::unique_ptr<outbound::WebhookPoster> poster, OutboxSenderOptions options,
                           std::unique_ptr<OutboxMail> mail)
    : store_(store), clock_(clock), poster_(std::move(poster)), options_(std::move(options)), mail_(std::move(mail)) {}

OutboxRound OutboxSender::run_once(const std::atomic<bool>& stop) {
    OutboxRound round;
    for (int i = 0; i < kMaxBatchesPerRound && !stop; ++i) {
        auto taken = store_.fan_out_events(store::kMaxEventsFannedOut, clock_.now());
        if (!taken) {
            round.failure = taken.error().title + ": " + taken.error().message;
            return round;
        }
        round.events += *taken;
        if (*taken < store::kMaxEventsFannedOut) break;
    }
    for (int i = 0; i < kMaxBatchesPerRound && !stop; ++i) {
        auto claimed = store_.claim_messages(options_.owner, options_.batch, clock_.now(), options_.lease);
        if (!claimed) {
            round.failure = claimed.error().title + ": " + claimed.error().message;
            return round;
        }
        for (const auto& m : *claimed) {
            if (stop) break;  // the rest go out after their lease, from this node or another
            deliver(m, round);
        }
        if (static_cast<int>(claimed->size()) < options_.batch) break;
    }
    return round;
}

void OutboxSender::deliver(const store::OutboxMessage& m, OutboxRound& round) {
    ++round.attempted;
    store::AttemptOutcome outcome;
    outcome.at = clock_.now();
    bool permanent = false;
    if (m.channel == store::OutboxChannel::kWebhook) {
        if (auto endpoint = store_.get_webhook(m.endpoint_id); !endpoint) return;  // removed since the claim, with its messages
        post_webhook(m, outcome);
    } else if (!mail_) {
        // Kept for a node that sends mail (smtp_url); it goes out once one does.
        outcome.error = "mail is not configured on this node (smtp_url, mail_from)";
        outcome.retry_at = outcome.at + std::chrono::hours(1);
    } else {
        send_mail(m, outcome);
        permanent = !outcome.sent && outcome.status_code >= 500;
    }
    if (!outcome.sent && !outcome.retry_at && !permanent) {
        const auto index = static_cast<std::size_t>(std::max(m.attempts, 0));
        if (index < options_.retry_delays.size()) outcome.retry_at = clock_.now() + options_.retry_delays[index];
    }
    auto recorded = store_.finish_attempt(m.id, options_.owner, outcome, options_.disable_after_failures);
    if (!recorded) {
        // kConflict: the lease ended and another node has it; kNotFound: removed. Either way
        // the message is someone else's now.
        if (recorded.error().code != domain::ErrorCode::kConflict && recorded.error().code != domain::ErrorCode::kNotFound)
            round.failure = recorded.error().title + ": " + recorded.error().message;
        return;
    }
    if (outcome.sent) {
        ++round.sent;
    } else {
        ++round.failed;
        if (recorded->message.status == store::MessageStatus::kDead) ++round.dead;
    }
    if (recorded->endpoint_disabled) {
        round.disabled_endpoints.push_back(m.endpoint_id);
        tell_admins_disabled(m.endpoint_id);
    }
}

void OutboxSender::post_webhook(const store::OutboxMessage& m, store::AttemptOutcome& outcome) {
    auto endpoint = store_.get_webhook(m.endpoint_id);
    if (!endpoint) {
        outcome.error = "the endpoint is gone";
        return;
    }
    auto key = outbound::webhook_key(endpoint->secret);
    if (!key) {
        outcome.error = "the endpoint's secret is not usable";
        return;
    }
    const std::string body = payload(m);
    const auto timestamp = std::chrono::duration_cast<std::chrono::seconds>(outcome.at.time_since_epoch()).count();
    outbound::WebhookRequest request;
    request.url = endpoint->url;
    request.body = body;
    request.headers = {{"webhook-id", m.key},
                       {"webhook-timestamp", std::to_string(timestamp)},
                       {"webhook-signature", outbound::sign_webhook(*key, m.key, timestamp, body)}};
    const auto response = poster_->post(request);
    outcome.status_code = response.status_code;
    outcome.duration_ms = response.duration_ms;
    outcome.sent = response.ok();
    if (!outcome.sent) outcome.error = attempt_error(response);
}

void OutboxSender::send_mail(const store::OutboxMessage& m, store::AttemptOutcome& outcome) {
    render::MailValues values{{"site_name", {mail_->site_name}}, {"site_url", {options_.site_url}}};
    if (auto staff = store_.find_user_by_email(m.recipient)) values["staff_name"] = {staff->name};
    std::string template_name;
    if (m.event_type == "webhook_disabled") {
        auto endpoint = store_.get_webhook(m.subject_id);
        if (!endpoint || endpoint->enabled) {
            outcome.sent = true;  // deleted or enabled again since: nothing left to tell
            return;
        }
        template_name = "webhook_disabled";
        values["endpoint_url"] = {endpoint->url};
        values["reason"] = {endpoint->disabled_reason};
        values["desk_link"] = {options_.site_url + "/admin/webhooks/" + std::to_string(endpoint->id)};
    } else {
        outcome.error = "no mail template for " + m.event_type;
        return;
    }
    const auto filled = mail_->templates.fill(template_name, values);
    outbound::MailMessage message;
    message.from_name = mail_->from_name.empty() ? mail_->site_name : mail_->from_name;
    message.from_address = mail_->from_address;
    message.to_address = m.recipient;
    message.subject = filled.subject;
    message.text = filled.text;
    message.html = filled.html;
    const auto at = mail_->from_address.rfind('@');
    message.message_id = m.key + "@" + (at == std::string::npos ? "tribune.invalid" : mail_->from_address.substr(at + 1));
    message.date = outcome.at;
    std::string bytes;
    try {
        bytes = outbound::format_mail(message);
    } catch (const std::invalid_argument& e) {
        outcome.error = std::string("the message cannot be written: ") + e.what();
        outcome.status_code = 550;  // will not get better by retrying
        return;
    }
    const auto started = std::chrono::steady_clock::now();
    const auto sent = mail_->transport->send(mail_->from_address, m.recipient, bytes);
    outcome.duration_ms = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
    outcome.sent = sent.sent;
    if (!sent.sent) {
        outcome.error = sent.error;
        if (sent.permanent) outcome.status_code = 550;
    }
}

void OutboxSender::tell_admins_disabled(std::int64_t endpoint_id) {
    if (!mail_) return;  // the log line and the desk say it
    auto users = store_.list_users();
    if (!users) return;
    for (const auto& u : *users) {
        if (u.role != domain::Role::kAdmin || u.disabled || u.email.empty()) continue;
        store::NewOutboxMessage mail;
        mail.channel = store::OutboxChannel::kMail;
        mail.event_type = "webhook_disabled";
        mail.subject_id = endpoint_id;
        mail.recipient = u.email;
        mail.event_at = mail.due_at = clock_.now();
        (void)store_.enqueue_message(mail);  // best effort: the desk and the log say it too
    }
}

domain::Result<std::int64_t> OutboxSender::prune() {
    return store_.prune_outbox(clock_.now() - options_.keep);
}

std::string outbox_owner_name() {
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    std::array<unsigned char, 6> random{};
    randombytes_buf(random.data(), random.size());
    std::string out(host.data());
    if (out.size() > 64) out.resize(64);
    out += ":" + std::to_string(getpid()) + ":";
    for (unsigned char b : random) {
        std::array<char, 3> hex{};
        std::snprintf(hex.data(), hex.size(), "%02x", b);
        out += hex.data();
    }
    return out;
}

}  // namespace tribune::service
