// The counts /metrics reads from the safeguards and the thread cache.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "service/concurrency_limit.hpp"
#include "service/rate_limiter.hpp"
#include "http/thread_cache.hpp"

using namespace tribune::http;

TEST(MetricCounts, RateLimiterCountsRefusalsOnly) {
    tribune::service::RateLimiter limiter(tribune::domain::RateRule{2, 0.001});
    const auto now = std::chrono::steady_clock::now();
    EXPECT_FALSE(limiter.take("a", now));
    EXPECT_FALSE(limiter.take("a", now));
    EXPECT_EQ(limiter.refusals(), 0u);
    EXPECT_TRUE(limiter.take("a", now));
    EXPECT_TRUE(limiter.take("a", now));
    EXPECT_FALSE(limiter.take("b", now));
    EXPECT_EQ(limiter.refusals(), 2u);
}

TEST(MetricCounts, ThreadCacheCountsHitsAndMisses) {
    ThreadCache cache;
    EXPECT_FALSE(cache.get("/p", "k"));  // unknown page
    const auto v = cache.version("/p");
    EXPECT_FALSE(cache.get("/p", "k"));  // known page, no entry
    cache.put("/p", "k", v, CachedBody{std::make_shared<const std::string>("body"), "\"e\""});
    EXPECT_TRUE(cache.get("/p", "k"));
    EXPECT_TRUE(cache.get("/p", "k"));
    EXPECT_EQ(cache.hits(), 2u);
    EXPECT_EQ(cache.misses(), 2u);
}

TEST(MetricCounts, ConcurrencyLimitCountsTurnedAway) {
    tribune::service::ConcurrencyLimit limit(1);
    tribune::service::ConcurrencyLimit::Pass first(limit);
    ASSERT_TRUE(first.entered());
    {
        tribune::service::ConcurrencyLimit::Pass second(limit);
        EXPECT_FALSE(second.entered());
    }
    EXPECT_EQ(limit.in_use(), 1);
    EXPECT_EQ(limit.refused(), 1u);
    EXPECT_EQ(limit.max(), 1);
}
