#include "http/address_slots.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

using tribune::http::AddressSlots;

TEST(AddressSlots, CapsEachNetworkAndGivesSlotsBack) {
    AddressSlots slots;
    std::vector<AddressSlots::Slot> held;
    for (int i = 0; i < 3; ++i) {
        auto s = slots.take("203.0.113.9", 3);
        ASSERT_TRUE(s.has_value()) << i;
        held.push_back(std::move(*s));
    }
    EXPECT_FALSE(slots.take("203.0.113.9", 3).has_value());
    EXPECT_TRUE(slots.take("2001:db8::/64", 3).has_value()) << "another network is not affected";
    EXPECT_EQ(slots.held("2001:db8::/64"), 0u) << "a dropped slot is given back at once";
    held.pop_back();
    EXPECT_EQ(slots.held("203.0.113.9"), 2u);
    EXPECT_TRUE(slots.take("203.0.113.9", 3).has_value());
}

TEST(AddressSlots, AMovedSlotIsReleasedOnce) {
    AddressSlots slots;
    {
        auto a = slots.take("198.51.100.1", 5);
        ASSERT_TRUE(a);
        AddressSlots::Slot b = std::move(*a);
        std::optional<AddressSlots::Slot> c;
        c.emplace(std::move(b));
        EXPECT_EQ(slots.held("198.51.100.1"), 1u);
    }
    EXPECT_EQ(slots.held("198.51.100.1"), 0u);
}
