#include "live/typing.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace tribune::live;
using namespace std::chrono_literals;

namespace {

// A fake clock: any point will do, the unit only compares them.
const Typing::Clock::time_point typing_t0 = Typing::Clock::time_point{} + 1h;

Typing typing() { return Typing(TypingOptions{1500ms, 5000ms}); }

}  // namespace

TEST(Typing, AFirstSignalStartsAndALaterOneRenews) {
    auto t = typing();
    EXPECT_FALSE(t.any());
    EXPECT_EQ(t.signal(1, typing_t0), Typing::Signal::kStarted);
    EXPECT_TRUE(t.any());
    EXPECT_EQ(t.signal(1, typing_t0 + 2s), Typing::Signal::kRenewed);
}

TEST(Typing, SignalsWithinTheThrottleAreDropped) {
    auto t = typing();
    ASSERT_EQ(t.signal(1, typing_t0), Typing::Signal::kStarted);
    EXPECT_EQ(t.signal(1, typing_t0 + 1499ms), Typing::Signal::kDropped);
    EXPECT_EQ(t.signal(1, typing_t0 + 1500ms), Typing::Signal::kRenewed);
    EXPECT_EQ(t.signal(2, typing_t0 + 1500ms), Typing::Signal::kStarted);  // per subscriber
}

TEST(Typing, TheThrottleOutlivesExpiry) {
    auto t = Typing(TypingOptions{10s, 100ms});
    ASSERT_EQ(t.signal(1, typing_t0), Typing::Signal::kStarted);
    EXPECT_TRUE(t.expire(typing_t0 + 100ms));
    EXPECT_FALSE(t.any());
    EXPECT_EQ(t.signal(1, typing_t0 + 5s), Typing::Signal::kDropped);  // still inside the throttle
    EXPECT_FALSE(t.any());
    EXPECT_EQ(t.signal(1, typing_t0 + 10s), Typing::Signal::kStarted);
}

TEST(Typing, TypingExpiresAfterTheLastSignal) {
    auto t = typing();
    t.signal(1, typing_t0);
    t.signal(2, typing_t0 + 3s);
    EXPECT_FALSE(t.expire(typing_t0 + 4999ms));
    EXPECT_TRUE(t.expire(typing_t0 + 5s));  // 1 stops; 2 signalled later
    EXPECT_EQ(t.others_than(99), 1u);
    t.signal(2, typing_t0 + 7s);             // a renewal moves 2's expiry on
    EXPECT_FALSE(t.expire(typing_t0 + 8s + 500ms));
    EXPECT_TRUE(t.expire(typing_t0 + 12s));
    EXPECT_FALSE(t.any());
    EXPECT_FALSE(t.expire(typing_t0 + 20s));  // nothing left to change
}

TEST(Typing, OthersLeaveOutTheOneAsking) {
    auto t = typing();
    t.signal(1, typing_t0);
    t.signal(2, typing_t0);
    EXPECT_EQ(t.others_than(1), 1u);
    EXPECT_EQ(t.others_than(3), 2u);
}

TEST(Typing, LeavingStopsTypingAndForgetsTheThrottle) {
    auto t = typing();
    t.signal(1, typing_t0);
    EXPECT_TRUE(t.leave(1));
    EXPECT_FALSE(t.any());
    EXPECT_FALSE(t.leave(1));
    EXPECT_EQ(t.signal(1, typing_t0 + 1ms), Typing::Signal::kStarted);  // a fresh subscriber under the id
}
