#pragma once
// The node's outbox loop: every second, the events recorded since are turned into messages and
// the due messages are sent (service/outbox_sender.hpp); once an hour, old sent messages and
// delivery logs are pruned. Runs on its own thread until `stop`.

#include <memory>
#include <stop_token>

#include "app/config.hpp"
#include "domain/error.hpp"
#include "domain/time.hpp"
#include "service/outbox_sender.hpp"
#include "store/store.hpp"

namespace tribune::app {

/// The retry delays of `webhook_retry_seconds` ("5,300,1800"): each 1..86400, at most 20 of
/// them. Returns an error message, or "" when `text` is good.
std::string check_retry_seconds(const std::string& text);

/// What the node sends mail with (its relay connection is made by run_outbox): null when
/// smtp_url is not set. The templates are read and checked here, so a bad override stops the
/// start. Errors: kInvalid naming the problem.
/// `token_key` signs the links in reader mail (Safeguards::mail_key).
domain::Result<std::unique_ptr<service::OutboxMail>> outbox_mail(const Config& config, std::string token_key);

/// Runs until `stop`. `site_url`: the absolute base of links in payloads and mail. `mail` null:
/// this node sends no mail.
void run_outbox(store::Store& store, const domain::Clock& clock, const Config& config, std::string site_url,
                std::unique_ptr<service::OutboxMail> mail, std::stop_token stop);

}  // namespace tribune::app
