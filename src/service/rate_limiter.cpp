#include "service/rate_limiter.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace tribune::service {
namespace {

// Enough shards that I/O threads seldom wait on one another's lock.
constexpr std::size_t kMaxShards = 16;

}  // namespace

RateLimiter::RateLimiter(domain::RateRule rule, std::size_t max_keys)
    : rule_(rule),
      shard_count_(std::clamp<std::size_t>(max_keys, 1, kMaxShards)),
      keys_per_shard_(std::max<std::size_t>(max_keys / shard_count_, 1)),
      shards_(std::make_unique<Shard[]>(shard_count_)) {}

RateLimiter::~RateLimiter() = default;

std::optional<std::chrono::seconds> RateLimiter::take(std::string_view key, std::chrono::steady_clock::time_point now) {
    if (rule_.unlimited()) return std::nullopt;
    Shard& shard = shards_[KeyHash{}(key) % shard_count_];
    std::lock_guard lock(shard.mutex);
    auto it = shard.buckets.find(key);
    if (it == shard.buckets.end()) {
        if (shard.buckets.size() >= keys_per_shard_) make_room(shard, now);
        it = shard.buckets.emplace(std::string(key), domain::full_bucket(rule_, now)).first;
    }
    auto wait = domain::take(it->second, now, rule_);
    if (wait) refusals_.fetch_add(1, std::memory_order_relaxed);
    return wait;
}

std::size_t RateLimiter::size() const {
    std::size_t total = 0;
    for (std::size_t i = 0; i < shard_count_; ++i) {
        std::lock_guard lock(shards_[i].mutex);
        total += shards_[i].buckets.size();
    }
    return total;
}

void RateLimiter::make_room(Shard& shard, domain::SteadyTime now) {
    std::erase_if(shard.buckets, [&](const auto& entry) { return domain::is_full(entry.second, now, rule_); });
    // Shrink to 7/8 of the budget, not just by one: the sweep is linear, and this way it runs at
    // most once per budget/8 new keys.
    const std::size_t target = keys_per_shard_ - (keys_per_shard_ + 7) / 8;
    if (shard.buckets.size() <= target) return;
    using Entry = std::pair<double, decltype(shard.buckets)::iterator>;
    std::vector<Entry> by_tokens;
    by_tokens.reserve(shard.buckets.size());
    for (auto it = shard.buckets.begin(); it != shard.buckets.end(); ++it)
        by_tokens.emplace_back(domain::available(it->second, now, rule_), it);
    const std::size_t excess = shard.buckets.size() - target;
    // The fullest buckets lose least by starting over full; the busiest keys keep their limits.
    std::nth_element(by_tokens.begin(), by_tokens.begin() + static_cast<std::ptrdiff_t>(excess) - 1,
                     by_tokens.end(), [](const Entry& a, const Entry& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < excess; ++i) shard.buckets.erase(by_tokens[i].second);
}

}  // namespace tribune::service
