#include "domain/token_bucket.hpp"

#include <gtest/gtest.h>

using namespace tribune::domain;
using namespace std::chrono_literals;

namespace {

const SteadyTime kStart = SteadyTime{} + 1000h;

}  // namespace

TEST(TokenBucket, AllowsTheBurstThenRefuses) {
    const RateRule rule{3, 1};
    TokenBucket bucket = full_bucket(rule, kStart);
    EXPECT_EQ(take(bucket, kStart, rule), std::nullopt);
    EXPECT_EQ(take(bucket, kStart, rule), std::nullopt);
    EXPECT_EQ(take(bucket, kStart, rule), std::nullopt);
    EXPECT_EQ(take(bucket, kStart, rule), 1s);
}

TEST(TokenBucket, RefusalTakesNothing) {
    const RateRule rule{1, 1};
    TokenBucket bucket = full_bucket(rule, kStart);
    ASSERT_EQ(take(bucket, kStart, rule), std::nullopt);
    EXPECT_EQ(take(bucket, kStart + 500ms, rule), 1s);
    EXPECT_EQ(take(bucket, kStart + 900ms, rule), 1s);
    EXPECT_EQ(take(bucket, kStart + 1s, rule), std::nullopt);  // the refusals cost nothing
}

TEST(TokenBucket, RefillsAtTheRateUpToTheBurst) {
    const RateRule rule{2, 0.5};  // one token every 2 s
    TokenBucket bucket = full_bucket(rule, kStart);
    ASSERT_EQ(take(bucket, kStart, rule), std::nullopt);
    ASSERT_EQ(take(bucket, kStart, rule), std::nullopt);
    EXPECT_EQ(take(bucket, kStart + 1s, rule), 1s);
    EXPECT_EQ(take(bucket, kStart + 2s, rule), std::nullopt);
    EXPECT_DOUBLE_EQ(available(bucket, kStart + 1h, rule), 2);  // capped at the burst
    EXPECT_TRUE(is_full(bucket, kStart + 1h, rule));
    EXPECT_FALSE(is_full(bucket, kStart + 3s, rule));
}

TEST(TokenBucket, RetryAfterIsRoundedUpToWholeSeconds) {
    const RateRule slow{1, 1.0 / 60};  // one a minute
    TokenBucket bucket = full_bucket(slow, kStart);
    ASSERT_EQ(take(bucket, kStart, slow), std::nullopt);
    EXPECT_EQ(take(bucket, kStart, slow), 60s);
    EXPECT_EQ(take(bucket, kStart + 1500ms, slow), 59s);  // 58.5 s left
    EXPECT_EQ(take(bucket, kStart + 59s + 999ms, slow), 1s);
    EXPECT_EQ(take(bucket, kStart + 60s, slow), std::nullopt);

    const RateRule fast{1, 10};  // a token every 100 ms: still at least 1 s
    TokenBucket quick = full_bucket(fast, kStart);
    ASSERT_EQ(take(quick, kStart, fast), std::nullopt);
    EXPECT_EQ(take(quick, kStart, fast), 1s);
}

TEST(TokenBucket, FractionalRatesAddUpToWholeTokens) {
    const RateRule rule{1, 0.1};
    TokenBucket bucket = full_bucket(rule, kStart);
    ASSERT_EQ(take(bucket, kStart, rule), std::nullopt);
    for (int i = 1; i < 10; ++i) EXPECT_EQ(take(bucket, kStart + std::chrono::seconds(i), rule), std::chrono::seconds(10 - i));
    EXPECT_EQ(take(bucket, kStart + 10s, rule), std::nullopt);
}

TEST(TokenBucket, TimeGoingBackRefillsNothing) {
    const RateRule rule{1, 1};
    TokenBucket bucket = full_bucket(rule, kStart + 10s);
    ASSERT_EQ(take(bucket, kStart + 10s, rule), std::nullopt);
    EXPECT_EQ(take(bucket, kStart, rule), 1s);
    EXPECT_EQ(bucket.last, kStart + 10s);
    EXPECT_EQ(take(bucket, kStart + 11s, rule), std::nullopt);
}

TEST(TokenBucket, UnlimitedRulesAlwaysAllow) {
    for (const RateRule rule : {RateRule{0, 1}, RateRule{5, 0}, RateRule{-1, -1}}) {
        EXPECT_TRUE(rule.unlimited());
        TokenBucket bucket{0, kStart};
        for (int i = 0; i < 100; ++i) EXPECT_EQ(take(bucket, kStart, rule), std::nullopt);
    }
}

TEST(TokenBucket, BurstBelowOneCountsAsOne) {
    const RateRule rule{0.5, 1};
    TokenBucket bucket = full_bucket(rule, kStart);
    EXPECT_EQ(take(bucket, kStart, rule), std::nullopt);
    EXPECT_EQ(take(bucket, kStart, rule), 1s);
}

TEST(TokenBucket, TinyRatesGiveALongButFiniteWait) {
    const RateRule rule{1, 1e-30};
    TokenBucket bucket = full_bucket(rule, kStart);
    ASSERT_EQ(take(bucket, kStart, rule), std::nullopt);
    const auto wait = take(bucket, kStart, rule);
    ASSERT_TRUE(wait);
    EXPECT_GE(*wait, std::chrono::seconds(365LL * 24 * 3600));
}
