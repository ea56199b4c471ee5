#pragma once
// Handing a formatted mail to the newsroom's SMTP relay through libcurl: smtps:// is TLS from
// the start; smtp:// must upgrade with STARTTLS, except to a relay on this machine ("localhost"
// or a loopback address), where TLS is used when offered.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace tribune::outbound {

struct SmtpSettings {
    std::string url;       // smtp://host[:port][/ehlo-name] or smtps://...
    std::string user;      // "" for no login
    std::string password;
    std::string ca_file;   // "" for the system's CAs; else a PEM bundle (a relay with a private CA)
    std::chrono::milliseconds timeout{30'000};
    const std::atomic<bool>* cancel = nullptr;  // when it turns true, a hand-off in progress ends
};

/// How one hand-off went. `permanent` when the relay refused the message for good (a 5xx reply
/// other than to the login): retrying will not help. `error` is safe to show an admin (never
/// the password).
struct MailSendResult {
    bool sent = false;
    bool permanent = false;
    std::string error;
};

class MailTransport {
public:
    virtual ~MailTransport() = default;
    /// Blocks for at most the timeout. Never throws.
    virtual MailSendResult send(std::string_view envelope_from, std::string_view recipient,
                                std::string_view message_bytes) = 0;
};

std::unique_ptr<MailTransport> make_smtp_transport(const SmtpSettings& settings);

/// Whether `url` can be the relay's URL: smtp:// or smtps://, a host, no user name or password
/// (those go in smtp_user and smtp_password), no fragment. Errors: kInvalid, safe to show.
domain::Result<void> check_smtp_url(std::string_view url);

}  // namespace tribune::outbound
