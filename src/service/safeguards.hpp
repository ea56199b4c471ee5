#pragma once
// Per-node state that protects the site: rate limits for posting, reporting and logging in,
// the session cache, the key of IP hashes, and the install policy read from the store.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include "domain/moderation.hpp"
#include "domain/token_bucket.hpp"
#include "service/concurrency_limit.hpp"
#include "service/rate_limiter.hpp"
#include "service/session_cache.hpp"

namespace tribune::service {

/// Token-bucket rules; burst or rate 0 turns a limit off.
struct RateRules {
    domain::RateRule posts_per_ip{10, 10.0 / 60};      // comments from one address
    domain::RateRule posts_per_author{5, 5.0 / 60};    // comments by one author token or account
    domain::RateRule reports_per_ip{20, 20.0 / 3600};  // reports from one address
    domain::RateRule logins_per_ip{10, 10.0 / 300};    // login attempts from one address
    domain::RateRule logins_per_email{5, 5.0 / 300};   // login attempts for one account from one address
    // Wrong passwords for one account from anywhere: past this, each further wrong one is answered
    // only after a delay (the real owner, from their own address, is never refused).
    domain::RateRule login_failures_per_email{10, 10.0 / 300};
    domain::RateRule live_auths_per_ip{60, 1.0};       // SSE token proofs from one address
    domain::RateRule bad_bearers_per_ip{10, 10.0 / 60};  // wrong bearer tokens from one address
    domain::RateRule bad_mail_links_per_ip{30, 0.05};  // bad confirm/unsubscribe links from one address
    domain::RateRule sign_in_links_per_ip{5, 5.0 / 600};  // sign-in links asked for from one address
    domain::RateRule sign_ins_per_ip{30, 30.0 / 300};     // SSO tokens, hand-offs and OpenID trips from one address
};

class Safeguards {
public:
    explicit Safeguards(const RateRules& rules)
        : posts_per_ip(rules.posts_per_ip),
          posts_per_author(rules.posts_per_author),
          reports_per_ip(rules.reports_per_ip),
          logins_per_ip(rules.logins_per_ip),
          logins_per_email(rules.logins_per_email),
          login_failures_per_email(rules.login_failures_per_email),
          live_auths_per_ip(rules.live_auths_per_ip),
          bad_bearers_per_ip(rules.bad_bearers_per_ip),
          bad_mail_links_per_ip(rules.bad_mail_links_per_ip),
          sign_in_links_per_ip(rules.sign_in_links_per_ip),
          sign_ins_per_ip(rules.sign_ins_per_ip) {}

    RateLimiter posts_per_ip;
    RateLimiter posts_per_author;
    RateLimiter reports_per_ip;
    RateLimiter logins_per_ip;
    RateLimiter logins_per_email;  // keyed by account and address together
    RateLimiter login_failures_per_email;
    RateLimiter live_auths_per_ip;
    RateLimiter bad_bearers_per_ip;
    RateLimiter bad_mail_links_per_ip;
    RateLimiter sign_in_links_per_ip;
    RateLimiter sign_ins_per_ip;
    SessionCache sessions;
    /// Argon2 work (password checks and hashes) at once; past it, logins answer 503.
    ConcurrencyLimit password_work{4};

    /// Set once at startup by set_node_key (the same on every node, kept outside the store).
    std::string ip_salt;      // the key of IP hashes (app/ip_hash_key)
    std::string preview_key;  // the key of preview links (service/preview_links.cpp), derived from it
    std::string mail_key;     // the key of the links in reader mail (service/mail_tokens.hpp), derived from it

    /// Sets the node's secret key and derives the keys made from it, once.
    void set_node_key(std::string key);

    /// The install policy read from the store, with when it was read (re-read after a few
    /// seconds, so a change made on another node arrives here too).
    std::mutex policy_mutex;
    std::optional<domain::InstallPolicy> policy;
    std::chrono::steady_clock::time_point policy_loaded{};

    /// The keyed hash of an address: what bans and reports keep instead of the address.
    std::string hash_ip(std::string_view ip) const;
};

}  // namespace tribune::service
