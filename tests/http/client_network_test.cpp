#include "http/client_network.hpp"

#include <gtest/gtest.h>

using tribune::http::client_network;

TEST(ClientNetwork, Ipv4AsItIsAndIpv6ByItsSlash64) {
    EXPECT_EQ(client_network("203.0.113.9"), "203.0.113.9");
    EXPECT_EQ(client_network("::ffff:203.0.113.9"), "203.0.113.9");
    EXPECT_EQ(client_network("2001:db8:1:2::1"), "2001:db8:1:2::/64");
    EXPECT_EQ(client_network("2001:db8:1:2:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
    EXPECT_EQ(client_network("2001:DB8:1:2:0:0:0:7"), "2001:db8:1:2::/64");
    EXPECT_NE(client_network("2001:db8:1:3::1"), client_network("2001:db8:1:2::1"));
    EXPECT_EQ(client_network("::1"), "::/64");
    for (const char* bad : {"", "localhost", "203.0.113", "1.2.3.4\r\nX: y", "2001:db8::1/64", "::gg"})
        EXPECT_FALSE(client_network(bad)) << bad;
}
