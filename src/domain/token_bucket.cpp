#include "domain/token_bucket.hpp"

#include <algorithm>
#include <cmath>

namespace tribune::domain {
namespace {

// Refills in floating point: 0.1/s over 10 s may come to 0.9999999999, which is a whole token.
constexpr double kSlack = 1e-9;
// Past this a wait means "not in this process's lifetime", and the cast to integer stays defined.
constexpr double kMaxWaitSeconds = 1e9;

double capacity(const RateRule& rule) { return std::max(rule.burst, 1.0); }

}  // namespace

TokenBucket full_bucket(const RateRule& rule, SteadyTime now) { return TokenBucket{capacity(rule), now}; }

double available(const TokenBucket& bucket, SteadyTime now, const RateRule& rule) {
    if (now <= bucket.last) return std::min(bucket.tokens, capacity(rule));
    const double elapsed_seconds = std::chrono::duration<double>(now - bucket.last).count();
    return std::min(capacity(rule), bucket.tokens + elapsed_seconds * rule.per_second);
}

bool is_full(const TokenBucket& bucket, SteadyTime now, const RateRule& rule) {
    return available(bucket, now, rule) >= capacity(rule) - kSlack;
}

std::optional<std::chrono::seconds> take(TokenBucket& bucket, SteadyTime now, const RateRule& rule) {
    if (rule.unlimited()) return std::nullopt;
    bucket.tokens = available(bucket, now, rule);
    // Threads may hand in their `now` out of order; time never runs back for a bucket.
    bucket.last = std::max(bucket.last, now);
    if (bucket.tokens >= 1 - kSlack) {
        bucket.tokens = std::max(0.0, bucket.tokens - 1);
        return std::nullopt;
    }
    const double wait_seconds = std::min((1 - bucket.tokens) / rule.per_second, kMaxWaitSeconds);
    const auto whole = static_cast<std::chrono::seconds::rep>(std::ceil(wait_seconds - kSlack));
    return std::chrono::seconds(std::max<std::chrono::seconds::rep>(whole, 1));
}

}  // namespace tribune::domain
