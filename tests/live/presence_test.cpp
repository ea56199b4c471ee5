#include "live/presence.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace tribune::live;
using namespace std::chrono_literals;

namespace {

const Presence::Clock::time_point t0 = Presence::Clock::time_point{} + 1h;

Presence presence() { return Presence(PresenceOptions{5000ms, 15000ms}); }

}  // namespace

TEST(Presence, NothingIsDueUntilReadersChange) {
    auto p = presence();
    EXPECT_EQ(p.due(t0, 3), std::nullopt);
    p.readers_changed();
    EXPECT_EQ(p.due(t0, 3), 3);
    EXPECT_EQ(p.due(t0 + 1s, 3), std::nullopt);  // said once
}

TEST(Presence, ChangesBetweenTicksGoOutOnceAndOnlyWhenTheNumberMoved) {
    auto p = presence();
    p.readers_changed();
    ASSERT_EQ(p.due(t0, 1), 1);
    p.readers_changed();  // one came, one went: still 1
    EXPECT_EQ(p.due(t0 + 100ms, 1), std::nullopt);
    p.readers_changed();
    p.readers_changed();
    EXPECT_EQ(p.due(t0 + 200ms, 3), 3);
}

TEST(Presence, BigPagesHearTheCountLessOften) {
    auto p = presence();
    p.readers_changed();
    ASSERT_EQ(p.due(t0, 5000), 5000);  // next no sooner than 500 ms later
    p.readers_changed();
    EXPECT_EQ(p.due(t0 + 499ms, 5001), std::nullopt);
    EXPECT_EQ(p.due(t0 + 500ms, 5001), 5001);
    p.readers_changed();
    ASSERT_EQ(p.due(t0 + 600ms, 100000), std::nullopt);  // still spaced by the last count
    ASSERT_EQ(p.due(t0 + 1000ms, 100000), 100000);
    p.readers_changed();
    EXPECT_EQ(p.due(t0 + 2999ms, 99999), std::nullopt);  // at most 2 s apart
    EXPECT_EQ(p.due(t0 + 3000ms, 99999), 99999);
}

TEST(Presence, OtherNodesReadersCountEverywhere) {
    auto p = presence();
    EXPECT_FALSE(p.set_remote("b", 3, false, t0));
    EXPECT_FALSE(p.set_remote("c", 2, false, t0));
    EXPECT_EQ(p.everywhere(1), 6);
    EXPECT_EQ(p.due(t0, 1), 6);  // a remote change makes the count due
    p.set_remote("c", 0, false, t0);  // nobody left there
    EXPECT_EQ(p.everywhere(1), 4);
    EXPECT_TRUE(p.has_remotes());
    p.forget("b", t0);
    EXPECT_EQ(p.everywhere(1), 1);
    EXPECT_FALSE(p.has_remotes());
}

TEST(Presence, AnUnknownNodeWithNobodyChangesNothing) {
    auto p = presence();
    EXPECT_FALSE(p.set_remote("b", 0, false, t0));
    EXPECT_FALSE(p.has_remotes());
    EXPECT_EQ(p.due(t0, 0), std::nullopt);
}

TEST(Presence, ASilentNodeLapses) {
    auto p = presence();
    p.set_remote("b", 3, false, t0);
    p.set_remote("c", 2, false, t0 + 10s);
    ASSERT_EQ(p.due(t0 + 10s, 0), 5);
    p.lapse(t0 + 14999ms);
    EXPECT_EQ(p.everywhere(0), 5);
    p.lapse(t0 + 15s);
    EXPECT_EQ(p.everywhere(0), 2);
    EXPECT_EQ(p.due(t0 + 15s, 0), 2);
    p.lapse(t0 + 25s);
    EXPECT_FALSE(p.has_remotes());
}

TEST(Presence, RemoteTypingIsToldAtOnceAndLapsesAfterTypingExpiry) {
    auto p = presence();
    EXPECT_TRUE(p.set_remote("b", 1, true, t0));  // the number of typing nodes changed
    EXPECT_EQ(p.remote_typists(), 1u);
    EXPECT_FALSE(p.set_remote("b", 1, true, t0 + 1s));  // a renewal: still one
    EXPECT_FALSE(p.lapse(t0 + 5999ms));
    EXPECT_TRUE(p.lapse(t0 + 6s));  // 5 s after the renewal
    EXPECT_EQ(p.remote_typists(), 0u);
    EXPECT_EQ(p.everywhere(0), 1);  // presence outlives typing
    EXPECT_TRUE(p.set_remote("b", 1, true, t0 + 7s));
    EXPECT_TRUE(p.set_remote("b", 1, false, t0 + 8s));  // the node says it stopped
    EXPECT_TRUE(p.set_remote("b", 1, true, t0 + 9s));
    EXPECT_TRUE(p.forget("b", t0 + 9s));  // it left
}

TEST(Presence, TheBusHearsLocalChangesOnce) {
    auto p = presence();
    EXPECT_FALSE(p.take_local_change());
    p.readers_changed();
    EXPECT_TRUE(p.take_local_change());
    EXPECT_FALSE(p.take_local_change());
    p.typing_changed();
    EXPECT_TRUE(p.take_local_change());
    p.set_remote("b", 4, true, t0);  // other nodes' states are not echoed
    EXPECT_FALSE(p.take_local_change());
}
