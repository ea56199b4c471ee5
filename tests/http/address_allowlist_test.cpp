#include "http/address_allowlist.hpp"

#include <gtest/gtest.h>

using namespace tribune::http;

namespace {

AddressAllowlist parsed(std::string_view list) {
    std::string error;
    auto a = AddressAllowlist::parse(list, error);
    EXPECT_TRUE(a) << list << ": " << error;
    return a.value_or(AddressAllowlist{});
}

std::string refusal(std::string_view list) {
    std::string error;
    EXPECT_FALSE(AddressAllowlist::parse(list, error)) << list;
    return error;
}

}  // namespace

TEST(AddressAllowlist, EmptyAllowsNobody) {
    const auto a = parsed(" , ");
    EXPECT_TRUE(a.empty());
    EXPECT_FALSE(a.allows("127.0.0.1"));
}

TEST(AddressAllowlist, MatchesAddressesAndNetworks) {
    const auto a = parsed("127.0.0.1, ::1/128 ,10.0.0.0/8,2001:db8:1::/48");
    EXPECT_TRUE(a.allows("127.0.0.1"));
    EXPECT_FALSE(a.allows("127.0.0.2"));
    EXPECT_TRUE(a.allows("::1"));
    EXPECT_FALSE(a.allows("::2"));
    EXPECT_TRUE(a.allows("10.255.3.4"));
    EXPECT_FALSE(a.allows("11.0.0.1"));
    EXPECT_TRUE(a.allows("2001:db8:1:ffff::9"));
    EXPECT_FALSE(a.allows("2001:db8:2::9"));
}

TEST(AddressAllowlist, MappedAddressesCountAsIpv4) {
    const auto a = parsed("192.168.1.0/24");
    EXPECT_TRUE(a.allows("::ffff:192.168.1.7"));
    EXPECT_FALSE(a.allows("::ffff:192.168.2.7"));
    const auto mapped = parsed("::ffff:127.0.0.1");
    EXPECT_TRUE(mapped.allows("127.0.0.1"));
    const auto mapped_net = parsed("::ffff:10.0.0.0/104");
    EXPECT_TRUE(mapped_net.allows("10.9.9.9"));
}

TEST(AddressAllowlist, PrefixBitsAreExact) {
    const auto a = parsed("10.1.0.0/17");
    EXPECT_TRUE(a.allows("10.1.127.255"));
    EXPECT_FALSE(a.allows("10.1.128.0"));
    const auto all = parsed("0.0.0.0/0");
    EXPECT_TRUE(all.allows("203.0.113.9"));
    EXPECT_FALSE(all.allows("::1"));  // the IPv4 world only
}

TEST(AddressAllowlist, RefusesWhatIsNotAnAddress) {
    EXPECT_NE(refusal("localhost").find("localhost"), std::string::npos);
    refusal("10.0.0.0/33");
    refusal("::1/129");
    refusal("10.0.0.0/");
    refusal("10.0.0.0/8x");
    refusal("10.1.0.0/8");  // bits past the prefix
    refusal("fe80::1%eth0");
    refusal("::ffff:10.0.0.0/80");
    std::string many;
    for (int i = 0; i <= 64; ++i) many += "10.0.0." + std::to_string(i) + ",";
    refusal(many);
}

TEST(AddressAllowlist, NonAddressesAreNeverAllowed) {
    const auto a = parsed("0.0.0.0/0, ::/0");
    EXPECT_FALSE(a.allows(""));
    EXPECT_FALSE(a.allows("not an address"));
    EXPECT_FALSE(a.allows("127.0.0.1 "));
    EXPECT_FALSE(a.allows(std::string(100, '1')));
    EXPECT_TRUE(a.allows("::1"));
}
