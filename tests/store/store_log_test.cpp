// The store's log: a flood of one kind of problem becomes a few lines and a count.
#include "store/common/store_log.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>


namespace tribune::store {
namespace {

using namespace std::chrono_literals;
using Clock = LogRateLimiter::Clock;

TEST(LogRateLimiter, LogsABurstPerWindowThenCountsAndReportsTheRest) {
    LogRateLimiter limiter(3, 1s);
    const auto t0 = Clock::time_point{} + 100s;
    int logged = 0;
    for (int i = 0; i < 1000; ++i) {
        const auto d = limiter.admit("sqlite_full", t0 + std::chrono::microseconds(i));
        EXPECT_EQ(d.suppressed_before, 0u);
        logged += d.log ? 1 : 0;
    }
    EXPECT_EQ(logged, 3);
    // The next window first reports what the last one dropped, then logs again.
    const auto next = limiter.admit("sqlite_full", t0 + 1500ms);
    EXPECT_TRUE(next.log);
    EXPECT_EQ(next.suppressed_before, 997u);
    EXPECT_EQ(limiter.admit("sqlite_full", t0 + 1600ms).suppressed_before, 0u);
}

TEST(LogRateLimiter, KindsAreLimitedApart) {
    LogRateLimiter limiter(2, 1s);
    const auto t0 = Clock::time_point{} + 10s;
    for (int i = 0; i < 5; ++i) limiter.admit("sqlite_full", t0);
    EXPECT_TRUE(limiter.admit("pg_connect", t0).log);
    EXPECT_TRUE(limiter.admit("pg_connect", t0).log);
    EXPECT_FALSE(limiter.admit("pg_connect", t0).log);
}

TEST(LogRateLimiter, DrainReportsEndedFloodsOnceAndEverythingAtShutdown) {
    LogRateLimiter limiter(1, 1s);
    const auto t0 = Clock::time_point{} + 10s;
    for (int i = 0; i < 4; ++i) limiter.admit("a", t0);
    for (int i = 0; i < 3; ++i) limiter.admit("b", t0 + 900ms);
    EXPECT_TRUE(limiter.drain(t0 + 500ms, false).empty());  // a's window is still open
    const auto ended = limiter.drain(t0 + 1200ms, false);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0], (std::pair<std::string, std::uint64_t>{"a", 3}));
    EXPECT_TRUE(limiter.drain(t0 + 1300ms, false).empty());  // reported once
    const auto all = limiter.drain(t0 + 1300ms, true);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0], (std::pair<std::string, std::uint64_t>{"b", 2}));
}

TEST(EscapeLogDetail, QuotesControlsAndLengthAreBounded) {
    EXPECT_EQ(escape_log_detail("a \"b\" \\ c"), "a \\\"b\\\" \\\\ c");
    EXPECT_EQ(escape_log_detail("line\nnext\x7f"), "line\\x0anext\\x7f");
    EXPECT_EQ(escape_log_detail(std::string(1000, 'x')).size(), 300u);
    // A cut never splits a UTF-8 character: "é" is two bytes.
    EXPECT_EQ(escape_log_detail("ab\xC3\xA9", 3), "ab");
}

// What the hook saw of kind "test_flood" (other tests' store lines may pass through too).
struct Seen {
    std::string detail;
    std::uint64_t suppressed;
};
std::vector<Seen>* g_seen = nullptr;

void remember(const LogLine& line) {
    if (line.kind == "test_flood") g_seen->push_back({std::string(line.detail), line.suppressed});
}

TEST(StoreLog, TheHookGetsTheLinesAndTheSuppressedCount) {
    std::vector<Seen> seen;
    g_seen = &seen;
    set_log_hook(remember);
    for (int i = 0; i < 50; ++i) log_problem(LogSeverity::kError, "test_flood", "disk \"full\"");
    flush_suppressed();
    set_log_hook(nullptr);
    ASSERT_EQ(seen.size(), kLogBurst + 1);
    EXPECT_EQ(seen[0].detail, "disk \\\"full\\\"");
    EXPECT_EQ(seen[0].suppressed, 0u);
    EXPECT_EQ(seen.back().suppressed, 50 - kLogBurst);
}

}  // namespace
}  // namespace tribune::store
