#include "app/descriptor_budget.hpp"

#include <gtest/gtest.h>

using tribune::app::split_descriptors;

TEST(DescriptorBudget, KeepsAReserveAndLeavesOrdinaryRequestsRoomAtTheLiveCap) {
    const auto b = split_descriptors(1024, 96, 50000);
    EXPECT_EQ(b.limit, 1024u);
    EXPECT_EQ(b.connections, 928u);
    EXPECT_EQ(b.live, 696u) << "three quarters of the connections";
    EXPECT_LT(b.live, b.connections);
}

TEST(DescriptorBudget, AConfiguredLiveCapBelowTheBudgetStands) {
    EXPECT_EQ(split_descriptors(1 << 20, 96, 5000).live, 5000u);
}

TEST(DescriptorBudget, ATinyLimitStillLeavesAFewConnections) {
    const auto b = split_descriptors(50, 96, 50000);
    EXPECT_EQ(b.connections, 8u);
    EXPECT_GE(b.live, 1u);
    EXPECT_LT(b.live, b.connections);
}
