#pragma once
// Rate limits by key (a client address, an author): token buckets shared by all I/O threads, in
// bounded memory. A refusal is answered 429 with Retry-After.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/token_bucket.hpp"

namespace tribune::service {

/// One token bucket per key, all under the same rule.
class RateLimiter {
public:
    /// `max_keys`: at most this many buckets are kept. Past it, buckets that have refilled are
    /// forgotten first (a forgotten key starts full, as it would be anyway); if that is not
    /// enough (many keys active at once), those closest to full go, which lets them start over
    /// with a full burst. A rule that is unlimited() allows everything and keeps nothing.
    explicit RateLimiter(domain::RateRule rule, std::size_t max_keys = 100000);
    ~RateLimiter();

    RateLimiter(const RateLimiter&) = delete;
    RateLimiter& operator=(const RateLimiter&) = delete;

    /// Takes a token from `key`'s bucket: nullopt when allowed; otherwise nothing is taken and the
    /// answer is the whole seconds to wait (>= 1, for Retry-After). Thread-safe: locks one of
    /// several shards, so keys in other shards proceed in parallel. `now` may come out of order
    /// from several threads; a bucket's time never runs back.
    std::optional<std::chrono::seconds> take(std::string_view key, std::chrono::steady_clock::time_point now);

    /// How many keys hold a bucket now (for tests and metrics). Thread-safe.
    std::size_t size() const;

    /// How many take() calls were refused since the start (for metrics).
    std::uint64_t refusals() const { return refusals_.load(std::memory_order_relaxed); }

private:
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
    };
    struct Shard {
        mutable std::mutex mutex;
        std::unordered_map<std::string, domain::TokenBucket, KeyHash, std::equal_to<>> buckets;
    };

    void make_room(Shard& shard, domain::SteadyTime now);

    domain::RateRule rule_;
    std::size_t shard_count_;
    std::size_t keys_per_shard_;
    std::unique_ptr<Shard[]> shards_;
    std::atomic<std::uint64_t> refusals_{0};
};

}  // namespace tribune::service
