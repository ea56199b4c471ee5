#include "metrics/histogram.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "metrics/counter.hpp"

using namespace tribune::metrics;

TEST(Histogram, PutsEachValueInTheFirstBucketThatHoldsIt) {
    Histogram<CountBuckets> h;
    for (std::uint64_t v : {0, 1, 2, 3, 256, 257}) h.observe(v);
    const auto s = h.snapshot();
    ASSERT_EQ(s.buckets.size(), CountBuckets::kBounds.size() + 1);
    EXPECT_EQ(s.buckets[0], 2u);  // 0 and 1: le 1
    EXPECT_EQ(s.buckets[1], 1u);  // 2
    EXPECT_EQ(s.buckets[2], 1u);  // 3: le 4
    EXPECT_EQ(s.buckets[8], 1u);  // 256
    EXPECT_EQ(s.buckets[9], 1u);  // 257: above every bound
    EXPECT_EQ(s.sum, 519u);
    EXPECT_EQ(s.count(), 6u);
    EXPECT_EQ(h.count(), 6u);
}

TEST(Histogram, NegativeDurationsCountAsZero) {
    Histogram<SecondsBuckets> h;
    h.observe(std::chrono::steady_clock::duration(-5));
    EXPECT_EQ(h.snapshot().buckets[0], 1u);
    EXPECT_EQ(h.snapshot().sum, 0u);
}

TEST(Histogram, ScopedTimerObservesOnce) {
    Histogram<SecondsBuckets> h;
    { const ScopedTimer t(h); }
    EXPECT_EQ(h.count(), 1u);
}

TEST(Histogram, ConcurrentObservationsAreAllCounted) {
    Histogram<SecondsBuckets> h;
    Counter c;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i) {
                h.observe(std::uint64_t{1'000'000});
                c.add();
            }
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(h.count(), 40000u);
    EXPECT_EQ(h.snapshot().sum, std::uint64_t{40000} * 1'000'000);
    EXPECT_EQ(c.value(), 40000u);
}
