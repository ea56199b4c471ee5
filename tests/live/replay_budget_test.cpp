#include "live/replay_budget.hpp"

#include <gtest/gtest.h>

#include <chrono>

using namespace std::chrono_literals;
using tribune::live::ReplayBudget;

namespace {
const ReplayBudget::Clock::time_point budget_t0 = ReplayBudget::Clock::time_point{} + 1h;
}  // namespace

TEST(ReplayBudget, CountsWhatIsKept) {
    ReplayBudget budget(300s, 1000);
    EXPECT_EQ(budget.bytes(), 0u);
    budget.add(1, budget_t0, 100);
    budget.add(3, budget_t0, 250);
    EXPECT_EQ(budget.bytes(), 350u);
    EXPECT_EQ(budget.trim(budget_t0 + 1s), 0u);
    EXPECT_EQ(budget.bytes(), 350u);
}

TEST(ReplayBudget, OldEntriesLeaveWithoutCuttingTheLogs) {
    ReplayBudget budget(300s, 1000);
    budget.add(1, budget_t0, 100);
    budget.add(3, budget_t0 + 10s, 100);
    EXPECT_EQ(budget.trim(budget_t0 + 300s), 0u);
    EXPECT_EQ(budget.bytes(), 200u);
    EXPECT_EQ(budget.trim(budget_t0 + 300s + 1ms), 0u);  // the logs drop it by age themselves
    EXPECT_EQ(budget.bytes(), 100u);
}

TEST(ReplayBudget, PastTheBoundTheOldestGoAndTheLogsAreCutThroughThem) {
    ReplayBudget budget(300s, 1000);
    for (std::uint64_t id = 1; id <= 9; id += 2) budget.add(id, budget_t0, 300);  // 1,500 bytes
    EXPECT_EQ(budget.trim(budget_t0 + 1s), 3u);  // 1 and 3 go: 900 left
    EXPECT_EQ(budget.bytes(), 900u);
    EXPECT_EQ(budget.trim(budget_t0 + 2s), 0u);
}

TEST(ReplayBudget, AgeAndBytesTogether) {
    ReplayBudget budget(300s, 500);
    budget.add(1, budget_t0, 400);
    budget.add(3, budget_t0 + 200s, 400);
    budget.add(5, budget_t0 + 200s, 400);
    // Over the bound, 1 (past the window too) and 3 go: the logs are cut through 3.
    EXPECT_EQ(budget.trim(budget_t0 + 301s), 3u);
    EXPECT_EQ(budget.bytes(), 400u);
}
