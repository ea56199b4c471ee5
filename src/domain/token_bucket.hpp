#pragma once
// Token buckets: a burst of actions at once, then a steady rate (the rate limits on posting).

#include <chrono>
#include <optional>

namespace tribune::domain {

/// Monotonic time, as rate limits need: a wall clock set back must not refill or drain a bucket.
using SteadyTime = std::chrono::steady_clock::time_point;

/// How many actions may come at once (`burst`) and how fast they come back (`per_second`).
/// A rule with burst <= 0 or per_second <= 0 is no limit; a burst below 1 counts as 1.
struct RateRule {
    double burst = 0;
    double per_second = 0;

    /// Whether this rule limits nothing.
    bool unlimited() const { return burst <= 0 || per_second <= 0; }
};

/// One key's bucket: the tokens it held at `last`. A new key starts with full_bucket().
struct TokenBucket {
    double tokens = 0;
    SteadyTime last{};
};

/// A bucket holding its whole burst at `now`.
TokenBucket full_bucket(const RateRule& rule, SteadyTime now);

/// The tokens the bucket holds at `now`, refilled at the rule's rate up to its burst. A `now`
/// before `last` counts as `last`.
double available(const TokenBucket& bucket, SteadyTime now, const RateRule& rule);

/// Whether the bucket has refilled to its whole burst by `now`: forgetting it then changes
/// nothing, since a new key starts with full_bucket().
bool is_full(const TokenBucket& bucket, SteadyTime now, const RateRule& rule);

/// Takes one token: nullopt when one was taken; otherwise nothing is taken and the answer is the
/// wait until one is available, rounded up to whole seconds and at least 1 s (for Retry-After).
/// An unlimited rule always allows. Pure: `now` comes from the caller.
std::optional<std::chrono::seconds> take(TokenBucket& bucket, SteadyTime now, const RateRule& rule);

}  // namespace tribune::domain
