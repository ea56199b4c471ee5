#pragma once
// The outbox's sender: turns recorded events into messages, then sends the messages that are
// due, one round at a time. Each node runs one (app/outbox_loop.cpp calls `run_once` every
// second); the store's leases make each message go out from one node at a time, and a message
// whose sender died before marking it goes out again after its lease, with the same key
// (store/outbox_store.hpp).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/time.hpp"
#include "outbound/mail_transport.hpp"
#include "outbound/webhook_poster.hpp"
#include "service/mail_composer.hpp"
#include "service/mail_templates.hpp"
#include "store/store.hpp"

namespace tribune::service {

struct OutboxSenderOptions {
    std::string owner;                   // this node's name in leases: unique per process
    std::string site_url;                // absolute base of the links in payloads ("" for none)
    /// The wait after each failed attempt: after the first failure the first delay, and so on;
    /// a failure past the last makes the message dead. The default spreads retries over a day.
    std::vector<std::chrono::seconds> retry_delays{
        std::chrono::seconds(5),    std::chrono::minutes(5), std::chrono::minutes(30),
        std::chrono::hours(2),      std::chrono::hours(5),   std::chrono::hours(10), std::chrono::hours(10)};
    int disable_after_failures = 30;     // failed attempts in a row that disable an endpoint
    int batch = 10;                      // messages claimed at once
    /// Each claimed message is leased for this long. A message whose lease has less than one
    /// attempt's time left is not attempted: it goes back to whichever node claims it next.
    std::chrono::seconds lease{150};
    /// Sent messages and delivery logs are kept this long (the desk shows them).
    std::chrono::hours keep{24 * 30};
};

/// What a node needs to send mail (smtp_url and mail_from set); without it, mail is off.
struct OutboxMail {
    std::unique_ptr<outbound::MailTransport> transport;
    MailTemplates templates;
    std::string from_address;   // the envelope and From address
    std::string from_name;      // the From display name ("" for the site's name)
    std::string site_name;
    std::string token_key;      // signs the links in reader mail (Safeguards::mail_key)
    int reader_mails_per_hour = 10;  // per address; the rest wait and go out as one digest
    std::chrono::seconds reader_window{3600};  // the "hour" of that limit
};

/// What one round did, for the node's log.
struct OutboxRound {
    int events = 0;                      // events turned into messages
    int attempted = 0;
    int sent = 0;
    int failed = 0;                      // failed attempts (retried later or dead)
    int dead = 0;                        // of those, messages that will not be retried
    std::vector<std::int64_t> disabled_endpoints;  // endpoints this round disabled
    std::string failure;                 // the store's error that ended the round early, or ""
};

class OutboxSender {
public:
    /// `mail` null: this node sends no mail (mail messages wait for a node that does).
    OutboxSender(store::Store& store, const domain::Clock& clock, std::unique_ptr<outbound::WebhookPoster> poster,
                 OutboxSenderOptions options, std::unique_ptr<OutboxMail> mail = nullptr);

    /// Fans out waiting events, then claims and sends the due messages, until none is due or
    /// `stop` is set (checked between messages). Never throws for a failed delivery.
    OutboxRound run_once(const std::atomic<bool>& stop);

    /// Removes sent messages and delivery logs older than `keep`. Returns rows removed.
    domain::Result<std::int64_t> prune();

    /// The body posted for `m` (a Standard Webhooks payload: type, timestamp, data). Errors: the
    /// store's, when it cannot say what the subject is now (the attempt fails and is retried).
    domain::Result<std::string> payload(const store::OutboxMessage& m);

private:
    void deliver(const store::OutboxMessage& m, OutboxRound& round);
    void post_webhook(const store::OutboxMessage& m, store::AttemptOutcome& outcome);
    void send_mail(const store::OutboxMessage& m, store::AttemptOutcome& outcome);
    /// Formats and hands one composed mail to the relay.
    void send_composed(const store::OutboxMessage& m, const ComposedMail& mail, store::AttemptOutcome& outcome);
    /// Reader mail to one address that came due together (held past the hourly limit): one
    /// digest for all of them. Returns false when they are fewer than two (sent one by one).
    bool send_digest(const std::vector<store::OutboxMessage>& group, OutboxRound& round);
    /// Whether `recipient` had its share of reader mail in the current window.
    bool over_limit(const std::string& recipient);
    /// True when `m` was held for later (or must not be sent here) because its address had its share.
    bool held_for_limit(const store::OutboxMessage& m);
    /// Queues the staff digests that are due.
    void queue_staff_digests();
    void finish(const store::OutboxMessage& m, const store::AttemptOutcome& outcome, OutboxRound& round);
    /// Queues a mail to every admin with an address saying endpoint `id` was disabled.
    void tell_admins_disabled(std::int64_t endpoint_id);

    store::Store& store_;
    const domain::Clock& clock_;
    std::unique_ptr<outbound::WebhookPoster> poster_;
    OutboxSenderOptions options_;
    std::unique_ptr<OutboxMail> mail_;
};

/// A lease owner name for this process: host, pid and a random part.
std::string outbox_owner_name();

}  // namespace tribune::service
