#pragma once
// Handing a formatted mail to the newsroom's SMTP relay (smtp:// with STARTTLS required, or
// smtps://), through libcurl.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace tribune::outbound {

struct SmtpSettings {
    std::string url;                               // smtp://host:port or smtps://host:port
    std::string user;                              // "" for no login
    std::string password;
    std::chrono::milliseconds timeout{30'000};
    bool require_tls = true;                       // smtp:// must STARTTLS (off only for a loopback sink)
};

/// How one hand-off went. `permanent` when the relay refused for good (a 5xx reply): retrying
/// will not help. `error` is safe to show an admin (never the password).
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

}  // namespace tribune::outbound
