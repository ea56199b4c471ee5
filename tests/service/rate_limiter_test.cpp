#include "service/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace tribune;
using namespace std::chrono_literals;
using service::RateLimiter;

namespace {

const auto kStart = std::chrono::steady_clock::time_point{} + 1000h;

}  // namespace

TEST(RateLimiter, LimitsEachKeyOnItsOwn) {
    service::RateLimiter limiter(domain::RateRule{2, 1});
    EXPECT_EQ(limiter.take("10.0.0.1", kStart), std::nullopt);
    EXPECT_EQ(limiter.take("10.0.0.1", kStart), std::nullopt);
    EXPECT_EQ(limiter.take("10.0.0.1", kStart), 1s);
    EXPECT_EQ(limiter.take("10.0.0.2", kStart), std::nullopt);
    EXPECT_EQ(limiter.take("10.0.0.1", kStart + 1s), std::nullopt);
}

TEST(RateLimiter, GivesRetryAfterInWholeSeconds) {
    service::RateLimiter limiter(domain::RateRule{1, 1.0 / 30});
    ASSERT_EQ(limiter.take("author:7", kStart), std::nullopt);
    EXPECT_EQ(limiter.take("author:7", kStart + 100ms), 30s);
    EXPECT_EQ(limiter.take("author:7", kStart + 29s + 1ms), 1s);
}

TEST(RateLimiter, UnlimitedRuleAllowsEverythingAndKeepsNothing) {
    service::RateLimiter off(domain::RateRule{0, 1});
    service::RateLimiter also_off(domain::RateRule{5, 0});
    for (int i = 0; i < 1000; ++i) {
        EXPECT_EQ(off.take("k", kStart), std::nullopt);
        EXPECT_EQ(also_off.take("k" + std::to_string(i), kStart), std::nullopt);
    }
    EXPECT_EQ(off.size(), 0u);
    EXPECT_EQ(also_off.size(), 0u);
}

TEST(RateLimiter, ForgetsRefilledBucketsToStayBounded) {
    service::RateLimiter limiter(domain::RateRule{1, 1}, 64);
    for (int i = 0; i < 10'000; ++i) {
        // Each key is seen once and refills within a second: all of them may be forgotten.
        EXPECT_EQ(limiter.take("ip" + std::to_string(i), kStart + std::chrono::seconds(i)), std::nullopt);
        ASSERT_LE(limiter.size(), 64u);
    }
}

TEST(RateLimiter, StaysBoundedWhenEveryKeyIsBusy) {
    service::RateLimiter limiter(domain::RateRule{2, 0.001}, 64);
    for (int i = 0; i < 10'000; ++i) {
        (void)limiter.take("ip" + std::to_string(i), kStart);
        ASSERT_LE(limiter.size(), 64u);
    }
}

TEST(RateLimiter, KeepsLimitingBusyKeysWhileEvicting) {
    service::RateLimiter limiter(domain::RateRule{2, 0.001}, 64);
    ASSERT_EQ(limiter.take("abuser", kStart), std::nullopt);
    ASSERT_EQ(limiter.take("abuser", kStart), std::nullopt);
    // One-off keys crowd every shard, each keeping a token: they go before the emptied bucket.
    for (int i = 0; i < 1000; ++i) {
        (void)limiter.take("ip" + std::to_string(i), kStart);
        ASSERT_LE(limiter.size(), 64u);
    }
    EXPECT_TRUE(limiter.take("abuser", kStart + 1ms).has_value());
}

TEST(RateLimiter, ForgottenKeysStartFull) {
    service::RateLimiter limiter(domain::RateRule{1, 1}, 1);
    ASSERT_EQ(limiter.take("a", kStart), std::nullopt);
    ASSERT_EQ(limiter.take("a", kStart), 1s);
    ASSERT_EQ(limiter.take("b", kStart + 2s), std::nullopt);  // "a" had refilled and is forgotten
    EXPECT_EQ(limiter.size(), 1u);
    EXPECT_EQ(limiter.take("a", kStart + 2s), std::nullopt);
}

TEST(RateLimiter, ThreadsSharingAKeyNeverExceedTheBurst) {
    constexpr int kBurst = 50;
    service::RateLimiter limiter(domain::RateRule{kBurst, 1e-6});
    std::atomic<int> allowed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&limiter, &allowed, t] {
            for (int i = 0; i < 200; ++i) {
                if (!limiter.take("shared", kStart + std::chrono::microseconds(t))) ++allowed;
                (void)limiter.take("own" + std::to_string(t * 1000 + i), kStart);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(allowed.load(), kBurst);
}
