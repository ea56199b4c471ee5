#include "app/mail_command.hpp"

#include "domain/time.hpp"
#include "outbound/mail_address.hpp"
#include "outbound/mail_message.hpp"
#include "render/html_escape.hpp"

namespace tribune::app {

outbound::SmtpSettings smtp_settings(const Config& config) {
    outbound::SmtpSettings s;
    s.url = config.smtp_url;
    s.user = config.smtp_user;
    s.password = config.smtp_password;
    return s;
}

int mail_test(const Config& config, const std::string& to, std::ostream& out, std::ostream& err) {
    if (config.smtp_url.empty()) {
        err << "mail is not configured: set smtp_url (and mail_from)\n";
        return 2;
    }
    // load_config checked mail_from whenever smtp_url is set.
    const auto from = outbound::parse_mailbox(config.mail_from);
    if (!from) {
        err << "mail_from is not an address\n";
        return 2;
    }
    if (!outbound::is_mail_address(to)) {
        err << "--to must be a plain address such as reader@example.com\n";
        return 2;
    }
    outbound::MailMessage message;
    message.from_name = from->name;
    message.from_address = from->address;
    message.to_address = to;
    message.subject = config.site_name + ": test message";
    message.text = "This is a test message from " + config.site_name +
                   " (tribune mail test).\n\nThe SMTP relay accepted it, so the newsroom's mail settings work.\n";
    message.html = "<p>This is a test message from " + render::html_escape(config.site_name) +
                   " (<code>tribune mail test</code>).</p>\n<p>The SMTP relay accepted it, so the newsroom's mail "
                   "settings work.</p>\n";
    message.message_id = outbound::new_message_id(from->address);
    message.date = domain::SystemClock{}.now();

    const auto result =
        outbound::make_smtp_transport(smtp_settings(config))->send(from->address, to, outbound::format_mail(message));
    if (!result.sent) {
        err << "mail test failed: " << result.error << "\n";
        return 1;
    }
    out << "sent\n";
    return 0;
}

}  // namespace tribune::app
