#pragma once
// `tribune mail test --to ADDRESS`: one short message through the configured SMTP relay, so an
// operator can see that smtp_url, the login and mail_from work before readers depend on them.

#include <ostream>
#include <string>

#include "app/config.hpp"
#include "outbound/mail_transport.hpp"

namespace tribune::app {

/// The relay settings of the configuration.
outbound::SmtpSettings smtp_settings(const Config& config);

/// Formats a test message from mail_from to `to` and hands it to the relay. Prints "sent" on
/// `out`, or the relay's error on `err`. Returns 0 when sent, 1 when the relay failed, 2 when
/// mail is not configured or `to` is not an address.
int mail_test(const Config& config, const std::string& to, std::ostream& out, std::ostream& err);

}  // namespace tribune::app
