#include "app/outbox_loop.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <mutex>

#include "outbound/mail_address.hpp"
#include "outbound/webhook_poster.hpp"

namespace tribune::app {
namespace {

constexpr std::size_t kMaxRetryDelays = 20;
constexpr long kMaxRetryDelaySeconds = 86400;

std::vector<std::chrono::seconds> parse_retry_seconds(const std::string& text) {
    std::vector<std::chrono::seconds> out;
    std::size_t start = 0;
    while (start <= text.size() && out.size() <= kMaxRetryDelays) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        auto part = std::string_view(text).substr(start, end - start);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        long v = 0;
        auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
        if (ec != std::errc() || p != part.data() + part.size() || v < 1 || v > kMaxRetryDelaySeconds) return {};
        out.emplace_back(v);
        start = end + 1;
    }
    if (out.size() > kMaxRetryDelays) return {};
    return out;
}

}  // namespace

std::string check_retry_seconds(const std::string& text) {
    if (parse_retry_seconds(text).empty())
        return "webhook_retry_seconds must be 1 to 20 comma-separated whole seconds, each 1..86400";
    return "";
}

domain::Result<std::unique_ptr<service::OutboxMail>> outbox_mail(const Config& config, std::string token_key) {
    // Read even without a relay: a bad override is reported before anyone relies on it.
    auto templates = service::MailTemplates::load(config.mail_templates_dir);
    if (!templates) return templates.error();
    if (config.smtp_url.empty()) return std::unique_ptr<service::OutboxMail>{};
    auto from = outbound::parse_mailbox(config.mail_from);
    if (!from)
        return domain::make_error(domain::ErrorCode::kInvalid, "Bad mail_from", "mail_from must be an address");
    auto mail = std::make_unique<service::OutboxMail>();
    mail->templates = std::move(*templates);
    mail->from_address = from->address;
    mail->from_name = from->name;
    mail->site_name = config.site_name;
    mail->token_key = std::move(token_key);
    mail->reader_mails_per_hour = static_cast<int>(config.mail_per_hour);
    mail->reader_window = std::chrono::seconds(config.mail_window_seconds);
    return mail;
}

void run_outbox(store::Store& store, const domain::Clock& clock, const Config& config, std::string site_url,
                std::unique_ptr<service::OutboxMail> mail, std::stop_token stop) {
    // Set when the node stops: deliveries and mail in progress end rather than run out their timeouts.
    std::atomic<bool> stopping = false;
    std::stop_callback on_stop(stop, [&stopping] { stopping = true; });
    outbound::PostOptions post;
    post.allow_private = config.webhooks_allow_private;
    post.cancel = &stopping;
    if (mail) {
        outbound::SmtpSettings smtp;
        smtp.url = config.smtp_url;
        smtp.user = config.smtp_user;
        smtp.password = config.smtp_password;
        smtp.cancel = &stopping;
        mail->transport = outbound::make_smtp_transport(smtp);
    }
    service::OutboxSenderOptions options;
    options.owner = service::outbox_owner_name();
    options.site_url = std::move(site_url);
    while (!options.site_url.empty() && options.site_url.back() == '/') options.site_url.pop_back();
    options.retry_delays = parse_retry_seconds(config.webhook_retry_seconds);
    options.disable_after_failures = static_cast<int>(config.webhook_disable_after);
    options.lease = std::chrono::seconds(config.outbox_lease_seconds);
    service::OutboxSender sender(store, clock, outbound::make_webhook_poster(post), options, std::move(mail));

    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    std::chrono::steady_clock::time_point last_prune{};  // first at start: nodes restarted often prune too
    std::chrono::steady_clock::time_point last_warning{};
    while (!stop.stop_requested()) {
        wake.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
        if (stop.stop_requested()) break;
        std::string failure;
        try {
            const auto round = sender.run_once(stopping);
            failure = round.failure;
            if (round.attempted > 0)
                spdlog::info("outbox_round events={} attempted={} sent={} failed={} dead={}", round.events,
                             round.attempted, round.sent, round.failed, round.dead);
            for (auto id : round.disabled_endpoints)
                spdlog::warn("webhook_disabled endpoint={} note=\"failed {} times in a row; an admin can enable it "
                             "again at the desk\"",
                             id, options.disable_after_failures);
            if (std::chrono::steady_clock::now() - last_prune > std::chrono::hours(1)) {
                last_prune = std::chrono::steady_clock::now();
                if (auto pruned = sender.prune(); !pruned) failure = pruned.error().title + ": " + pruned.error().message;
            }
        } catch (const std::exception& e) {  // this thread must not end the process
            failure = e.what();
        }
        const auto now = std::chrono::steady_clock::now();
        if (!failure.empty() && now - last_warning > std::chrono::minutes(1)) {
            last_warning = now;
            spdlog::warn("outbox_failed reason=\"{}\"", failure);
        }
    }
}

}  // namespace tribune::app
