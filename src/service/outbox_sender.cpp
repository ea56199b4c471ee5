#include "service/outbox_sender.hpp"

#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "outbound/mail_message.hpp"
#include "outbound/webhook_signature.hpp"

namespace tribune::service {
namespace {

// A round sends at most this many batches, so a steady stream of events cannot keep one node's
// loop from its other work (pruning, stopping) for long.
constexpr int kMaxBatchesPerRound = 20;

// The longest one attempt may take (a mail relay's timeout; a webhook's is 10 s). A message is
// attempted only while at least this much of its lease is left: past it another node may take
// the message, and two nodes would send it.
constexpr auto kLongestAttempt = std::chrono::seconds(35);

std::string attempt_error(const outbound::WebhookResponse& r) {
    if (!r.error.empty()) return r.error;
    return "the endpoint answered HTTP " + std::to_string(r.status_code);
}

// Whether `m` was held past the hourly limit: never attempted, and due later than it was made
// (hold_message moved it; fan-out makes mail due at once).
bool was_held(const store::OutboxMessage& m) { return m.attempts == 0 && m.next_attempt_at > m.created_at; }

// The start of the next reader window after `now`: every held mail of one address comes due at
// the same moment, so one claim takes them together and they go out as one digest.
domain::Time next_window(domain::Time now, std::chrono::seconds window) {
    const auto w = std::chrono::duration_cast<std::chrono::microseconds>(window).count();
    const auto t = domain::to_micros(now);
    return domain::from_micros((t / w + 1) * w);
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
    if (mail_) queue_staff_digests();
    for (int i = 0; i < kMaxBatchesPerRound && !stop; ++i) {
        auto claimed = store_.claim_messages(options_.owner, options_.batch, clock_.now(), options_.lease, mail_ != nullptr);
        if (!claimed) {
            round.failure = claimed.error().title + ": " + claimed.error().message;
            return round;
        }
        // Reader mail to one address claimed together: one digest when the address has had its
        // share this hour (mail held past the limit comes due together), else one by one.
        std::map<std::string, std::vector<store::OutboxMessage>> reader_mail;
        if (mail_)
            for (const auto& m : *claimed)
                if (m.channel == store::OutboxChannel::kMail && is_reader_mail(m.event_type))
                    reader_mail[m.recipient].push_back(m);
        const auto lease_end = clock_.now() + options_.lease;
        bool first = true;
        for (const auto& m : *claimed) {
            if (stop) break;  // the rest go out after their lease, from this node or another
            // Likewise when their lease is nearly over (the first always goes: a lease shorter
            // than one attempt is the operator's choice).
            if (!first && clock_.now() + kLongestAttempt > lease_end) break;
            first = false;
            if (auto group = reader_mail.find(m.recipient); group != reader_mail.end() &&
                                                            m.channel == store::OutboxChannel::kMail &&
                                                            is_reader_mail(m.event_type)) {
                if (group->second.empty()) continue;  // sent in the digest already
                const bool all_held = std::all_of(group->second.begin(), group->second.end(), was_held);
                if (group->second.size() > 1 && (all_held || over_limit(m.recipient)) &&
                    send_digest(group->second, round)) {
                    group->second.clear();
                    continue;
                }
            }
            deliver(m, round);
        }
        if (static_cast<int>(claimed->size()) < options_.batch) break;
    }
    return round;
}

void OutboxSender::deliver(const store::OutboxMessage& m, OutboxRound& round) {
    store::AttemptOutcome outcome;
    outcome.at = clock_.now();
    if (m.channel == store::OutboxChannel::kWebhook) {
        if (auto endpoint = store_.get_webhook(m.endpoint_id); !endpoint) return;  // removed since the claim, with its messages
        ++round.attempted;
        post_webhook(m, outcome);
    } else if (!mail_) {
        // Kept for a node that sends mail (smtp_url); it goes out once one does.
        ++round.attempted;
        outcome.error = "mail is not configured on this node (smtp_url, mail_from)";
        outcome.retry_at = outcome.at + std::chrono::hours(1);
    } else {
        if (is_reader_mail(m.event_type) && held_for_limit(m)) return;
        ++round.attempted;
        send_mail(m, outcome);
    }
    finish(m, outcome, round);
}

void OutboxSender::finish(const store::OutboxMessage& m, const store::AttemptOutcome& given, OutboxRound& round) {
    store::AttemptOutcome outcome = given;
    // A relay's permanent refusal (5xx) will not change by retrying: dead at once.
    const bool permanent = m.channel == store::OutboxChannel::kMail && !outcome.sent && outcome.status_code >= 500;
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
    auto made = payload(m);
    if (!made) {
        outcome.error = "the store could not be read: " + made.error().message;
        return;
    }
    const std::string& body = *made;
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

bool OutboxSender::over_limit(const std::string& recipient) {
    auto sent = store_.mails_sent_to(recipient, clock_.now() - mail_->reader_window);
    // A store that cannot count holds the mail: sending past the limit is the worse mistake.
    return !sent || *sent >= mail_->reader_mails_per_hour;
}

bool OutboxSender::held_for_limit(const store::OutboxMessage& m) {
    if (!over_limit(m.recipient)) return false;
    // Past the limit: it waits for the next window, with the address's other held mail. Held
    // even when the hold fails (another node took the message): this node must not send it.
    (void)store_.hold_message(m.id, options_.owner, next_window(clock_.now(), mail_->reader_window));
    return true;
}

void OutboxSender::send_mail(const store::OutboxMessage& m, store::AttemptOutcome& outcome) {
    const MailLinks links{options_.site_url, mail_->token_key};
    auto composed = compose_mail(store_, links, mail_->site_name, m, outcome.at);
    if (std::holds_alternative<NothingToSend>(composed)) {
        outcome.sent = true;  // nothing left to tell: done without a mail
        return;
    }
    if (const auto* failure = std::get_if<ComposeFailure>(&composed)) {
        outcome.error = failure->error;
        return;
    }
    send_composed(m, std::get<ComposedMail>(composed), outcome);
}

void OutboxSender::send_composed(const store::OutboxMessage& m, const ComposedMail& mail,
                                 store::AttemptOutcome& outcome) {
    const auto filled = mail_->templates.fill(mail.template_name, mail.values);
    outbound::MailMessage message;
    message.from_name = mail_->from_name.empty() ? mail_->site_name : mail_->from_name;
    message.from_address = mail_->from_address;
    message.to_address = m.recipient;
    message.subject = filled.subject;
    message.text = filled.text;
    message.html = filled.html;
    message.unsubscribe_url = mail.unsubscribe_url;
    // The key makes the Message-ID: a message sent twice (a crash before it was marked) carries
    // the same one, so mail clients show it once.
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

bool OutboxSender::send_digest(const std::vector<store::OutboxMessage>& group, OutboxRound& round) {
    if (group.size() < 2) return false;
    const MailLinks links{options_.site_url, mail_->token_key};
    const auto now = clock_.now();
    std::string text;
    std::string html;
    std::size_t lines = 0;
    std::string reader_name;
    for (const auto& m : group) {
        auto line = digest_line(store_, links, m);
        if (!line) continue;
        text += line->text;
        html += line->html;
        ++lines;
        if (reader_name.empty()) {
            if (auto c = store_.get_comment(m.subject_id); c && c->parent_id && m.event_type != "approved") {
                if (auto parent = store_.get_comment(*c->parent_id)) reader_name = parent->author.name;
            } else if (c) {
                reader_name = c->author.name;
            }
        }
    }
    store::AttemptOutcome outcome;
    outcome.at = now;
    if (lines == 0) {
        outcome.sent = true;  // every comment went away since
    } else {
        ComposedMail digest;
        digest.template_name = "reader_digest";
        const auto all = unsubscribe_url(links, group.front().recipient, "", now);
        digest.values = {{"site_name", mail_->site_name},
                         {"site_url", options_.site_url},
                         {"reader_name", reader_name.empty() ? std::string(domain::kNoName) : reader_name},
                         {"count", std::to_string(lines)},
                         {"items", render::MailValue(text, html)},
                         {"unsubscribe_all_link", all}};
        digest.unsubscribe_url = all;
        // The digest goes out under the first message's key; the others are done with it.
        round.attempted += static_cast<int>(group.size());
        send_composed(group.front(), digest, outcome);
    }
    for (const auto& m : group) finish(m, outcome, round);
    return true;
}

void OutboxSender::queue_staff_digests() {
    // Read before counting: work made while this runs is newer than the mark, so the next
    // digest counts it.
    const auto now = clock_.now();
    auto due = store_.due_staff_digests(now);
    if (!due) return;
    for (const auto& prefs : *due) {
        auto work = store_.moderation_work_since(prefs.last_digest_at);
        auto user = store_.get_user(prefs.user_id);
        if (!work || !user || work->pending + work->reported == 0) continue;
        // The mark first, and only from the mark this node read: of two nodes, one queues it.
        auto marked = store_.mark_staff_digest(prefs.user_id, now, prefs.last_digest_at);
        if (!marked || !*marked) continue;
        store::NewOutboxMessage digest;
        digest.channel = store::OutboxChannel::kMail;
        digest.event_type = "moderation_digest";
        digest.subject_id = prefs.user_id;
        digest.recipient = user->email;
        digest.event_at = digest.due_at = now;
        (void)store_.enqueue_message(digest);  // lost only with the store: the next new work brings another
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

domain::Result<std::int64_t> OutboxSender::prune() { return store_.prune_outbox(clock_.now() - options_.keep); }

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
