#include "app/service_rules.hpp"

#include "app/identity_settings.hpp"

namespace tribune::app {

service::Rules service_rules(const Config& c) {
    service::Rules r;
    r.limits.edit_window = std::chrono::seconds(c.edit_window_seconds);
    r.limits.max_text_chars = static_cast<std::size_t>(c.max_text_chars);
    r.policy.moderation = domain::parse_moderation_mode(c.moderation).value_or(domain::ModerationMode::kPreModerate);
    if (c.auto_close_days > 0) r.policy.auto_close_days = static_cast<int>(c.auto_close_days);
    r.policy.report_threshold = static_cast<int>(c.report_threshold);
    r.policy.hide_reported = c.hide_reported;
    r.policy.max_links = static_cast<int>(c.max_links);
    r.policy.banned_words = split_list(c.banned_words);
    r.session_lifetime = std::chrono::seconds(c.session_days * 86400);
    r.staff_idle = std::chrono::seconds(c.staff_idle_seconds);
    r.media_max_bytes = static_cast<std::size_t>(c.media_max_bytes);
    r.webhooks_allow_private = c.webhooks_allow_private;
    r.identity = identity_config(c);
    r.identity.email_links = !c.smtp_url.empty() && !c.mail_from.empty();
    return r;
}

service::RateRules rate_rules(const Config& c) {
    service::RateRules r;
    const double posts = static_cast<double>(c.rate_posts_per_minute);
    r.posts_per_author = {posts, posts / 60};
    r.posts_per_ip = {2 * posts, 2 * posts / 60};
    const double logins = static_cast<double>(c.rate_logins_per_minute);
    r.logins_per_email = {5 * logins, logins / 60};  // per account and address
    r.logins_per_ip = {10 * logins, 2 * logins / 60};
    r.login_failures_per_email = {10 * logins, 2 * logins / 60};  // per account from anywhere: then delayed
    r.sign_ins_per_ip = {15 * logins, 3 * logins / 60};
    r.sign_in_links_per_ip = {2.5 * logins, logins / 240};  // by default 5, then 5 per 10 minutes
    return r;
}
}  // namespace tribune::app
