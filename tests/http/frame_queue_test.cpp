#include "http/frame_queue.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

using tribune::http::FrameQueue;

namespace {
std::shared_ptr<const std::string> bytes(std::size_t n) { return std::make_shared<const std::string>(n, 'x'); }
}  // namespace

TEST(FrameQueue, RefusesLiveFramesPastItsByteBound) {
    FrameQueue q;
    const FrameQueue::Limits limits{100, 1000};
    auto a = bytes(600);
    auto b = bytes(400);
    auto c = bytes(1);
    EXPECT_TRUE(q.push(a, *a, false, limits));
    EXPECT_TRUE(q.push(b, *b, false, limits));
    EXPECT_EQ(q.live_bytes(), 1000u);
    EXPECT_FALSE(q.push(c, *c, false, limits)) << "one byte past the bound";
    q.pop(1);
    EXPECT_EQ(q.live_bytes(), 400u);
    EXPECT_TRUE(q.push(c, *c, false, limits)) << "written frames make room";
}

TEST(FrameQueue, RefusesLiveFramesPastItsFrameBound) {
    FrameQueue q;
    const FrameQueue::Limits limits{2, 1u << 20};
    auto a = bytes(1);
    EXPECT_TRUE(q.push(a, *a, false, limits));
    EXPECT_TRUE(q.push(a, *a, false, limits));
    EXPECT_FALSE(q.push(a, *a, false, limits));
}

TEST(FrameQueue, ReplayedFramesAreNeverRefusedNorCounted) {
    FrameQueue q;
    const FrameQueue::Limits limits{1, 10};
    auto big = bytes(5000);
    EXPECT_TRUE(q.push(big, *big, true, limits));
    EXPECT_TRUE(q.push(big, *big, true, limits));
    EXPECT_EQ(q.live_bytes(), 0u);
    auto small = bytes(10);
    EXPECT_TRUE(q.push(small, *small, false, limits));
    EXPECT_EQ(q.size(), 3u);
    q.pop(3);
    EXPECT_TRUE(q.empty());
    EXPECT_EQ(q.live_bytes(), 0u);
}

TEST(FrameQueue, SharesTheOwnersBytesInsteadOfCopying) {
    FrameQueue q;
    auto a = bytes(100);
    EXPECT_TRUE(q.push(a, *a, false, {10, 1000}));
    EXPECT_EQ(q.at(0).data(), a->data());
    EXPECT_EQ(a.use_count(), 2);
    q.pop(1);
    EXPECT_EQ(a.use_count(), 1);
}

TEST(FrameQueue, AFrameLargerThanTheByteBoundStillReachesAReaderWithNothingWaiting) {
    FrameQueue q;
    auto huge = bytes(5000);
    EXPECT_TRUE(q.push(huge, *huge, false, {10, 1000})) << "a caught-up reader is not dropped for one big event";
    EXPECT_FALSE(q.push(huge, *huge, false, {10, 1000})) << "but nothing more while it waits";
}

TEST(FrameQueue, AFrameInPiecesCountsOnceAndLeavesWhole) {
    FrameQueue q;
    auto json = bytes(50);
    const FrameQueue::Limits limits{1, 1000};
    EXPECT_TRUE(q.push_parts(json, {"data: ", *json, "\n\n"}, false, limits));
    EXPECT_EQ(q.size(), 3u) << "three pieces";
    EXPECT_EQ(q.live_bytes(), 58u);
    EXPECT_FALSE(q.push_parts(json, {"data: ", *json, "\n\n"}, false, limits)) << "but one frame against the bound";
    q.pop(3);
    EXPECT_TRUE(q.push_parts(json, {"data: ", *json, "\n\n"}, false, limits));
}
