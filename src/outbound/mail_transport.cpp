#include "outbound/mail_transport.hpp"

#include <algorithm>
#include <exception>

#include "outbound/address_class.hpp"
#include "outbound/curl_global.hpp"
#include "outbound/mail_address.hpp"
#include "outbound/url_parts.hpp"

namespace tribune::outbound {
namespace {

// The message as libcurl reads it for the DATA command (libcurl escapes leading dots).
struct MailUpload {
    std::string_view bytes;
    std::size_t sent = 0;
};

std::size_t mail_upload_source(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<MailUpload*>(user);
    const std::size_t n = std::min(size * count, upload->bytes.size() - upload->sent);
    std::copy_n(upload->bytes.data() + upload->sent, n, buffer);
    upload->sent += n;
    return n;
}

bool is_local_relay(const UrlParts& parts) {
    if (is_localhost_name(parts.host)) return true;
    const auto kind = classify_address_text(parts.host);
    return kind && *kind == AddressClass::kLoopback;
}

// `text` with every occurrence of `secret` masked: libcurl's messages never quote the password,
// but an error shown to an admin must not depend on that.
std::string without_secret(std::string text, const std::string& secret) {
    if (secret.size() < 4) return text;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
        text.replace(at, secret.size(), "***");
    return text;
}

class CurlMailTransport final : public MailTransport {
public:
    explicit CurlMailTransport(SmtpSettings settings) : settings_(std::move(settings)) {}

    MailSendResult send(std::string_view envelope_from, std::string_view recipient,
                        std::string_view message_bytes) override {
        try {
            return send_once(envelope_from, recipient, message_bytes);
        } catch (const std::exception&) {
            MailSendResult result;
            result.error = "the mail could not be handed to the relay (out of resources)";
            return result;
        }
    }

private:
    MailSendResult send_once(std::string_view envelope_from, std::string_view recipient,
                             std::string_view message_bytes) {
        MailSendResult result;
        // An address that could carry an SMTP command, or that no relay would take: refused here.
        if (!is_mail_address(envelope_from) || !is_mail_address(recipient)) {
            result.permanent = true;
            result.error = "the sender or recipient is not a plain address";
            return result;
        }
        auto parts = split_outbound_url(settings_.url, {"smtp", "smtps"});
        if (!parts) {
            result.error = "smtp_url: " + parts.error().message;
            return result;
        }

        ensure_curl_ready();
        CurlEasy curl(curl_easy_init());
        CurlList recipients;
        const std::string from = "<" + std::string(envelope_from) + ">";
        const std::string to = "<" + std::string(recipient) + ">";
        if (!curl || !append_curl_list(recipients, to.c_str())) {
            result.error = "the mail could not be handed to the relay (out of resources)";
            return result;
        }
        MailUpload upload{message_bytes, 0};
        char error_text[CURL_ERROR_SIZE] = {};
        CURL* h = curl.get();
        curl_easy_setopt(h, CURLOPT_URL, settings_.url.c_str());
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        // STARTTLS is required of a relay elsewhere: a man in the middle could otherwise strip
        // it and read the password and every reader's mail. A relay on this machine may lack TLS.
        curl_easy_setopt(h, CURLOPT_USE_SSL,
                         static_cast<long>(parts->scheme == "smtp" && is_local_relay(*parts) ? CURLUSESSL_TRY
                                                                                             : CURLUSESSL_ALL));
        if (!settings_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, settings_.ca_file.c_str());
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_PROXY, "");
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
        curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
        curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, mail_upload_source);
        curl_easy_setopt(h, CURLOPT_READDATA, &upload);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message_bytes.size()));
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
        abort_transfer_when(h, settings_.cancel);
        if (!settings_.user.empty()) {
            curl_easy_setopt(h, CURLOPT_USERNAME, settings_.user.c_str());
            curl_easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
        }

        const CURLcode code = curl_easy_perform(h);
        if (code == CURLE_OK) {
            result.sent = true;
            return result;
        }
        long reply = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
        // A refused login is the relay's settings, not this message: it waits for a fix.
        result.permanent = reply >= 500 && reply < 600 && code != CURLE_LOGIN_DENIED;
        std::string error = code == CURLE_OPERATION_TIMEDOUT
                                ? "the relay did not answer within " + std::to_string(settings_.timeout.count()) + " ms"
                                : error_text[0] != '\0' ? std::string(error_text) : std::string(curl_easy_strerror(code));
        if (reply > 0) error += " (the relay answered " + std::to_string(reply) + ")";
        result.error = without_secret(std::move(error), settings_.password);
        return result;
    }

    SmtpSettings settings_;
};

}  // namespace

std::unique_ptr<MailTransport> make_smtp_transport(const SmtpSettings& settings) {
    return std::make_unique<CurlMailTransport>(settings);
}

domain::Result<void> check_smtp_url(std::string_view url) {
    auto parts = split_outbound_url(url, {"smtp", "smtps"});
    if (!parts) return parts.error();
    return {};
}

}  // namespace tribune::outbound
