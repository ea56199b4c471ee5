#include "outbound/address_class.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

namespace tribune::outbound {
namespace {

AddressClass kind_of(const std::string& text) {
    const auto kind = classify_address_text(text);
    EXPECT_TRUE(kind.has_value()) << text;
    return kind.value_or(AddressClass::kPublic);
}

TEST(AddressClassTest, PublicAddressesArePublic) {
    for (const char* a : {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
                          "100.128.0.0", "169.253.255.255", "11.0.0.1", "223.255.255.255", "2606:4700:4700::1111",
                          "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"})
        EXPECT_EQ(kind_of(a), AddressClass::kPublic) << a;
}

TEST(AddressClassTest, Loopback) {
    for (const char* a : {"127.0.0.1", "127.255.255.254", "127.1.2.3", "::1", "::ffff:127.0.0.1", "::127.0.0.1",
                          "64:ff9b::7f00:1"})
        EXPECT_EQ(kind_of(a), AddressClass::kLoopback) << a;
}

TEST(AddressClassTest, PrivateNetworks) {
    for (const char* a : {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1",
                          "192.168.255.255", "fc00::1", "fd12:3456::1", "::ffff:10.1.2.3", "::ffff:192.168.1.1",
                          "64:ff9b::a00:1", "64:ff9b:1::1", "fec0::1", "2002:c0a8:101::1"})
        EXPECT_EQ(kind_of(a), AddressClass::kPrivate) << a;
}

TEST(AddressClassTest, LinkLocalAndMetadata) {
    for (const char* a : {"169.254.0.1", "169.254.169.253", "169.254.255.255", "fe80::1", "febf::1",
                          "::ffff:169.254.1.1"})
        EXPECT_EQ(kind_of(a), AddressClass::kLinkLocal) << a;
    for (const char* a : {"169.254.169.254", "fd00:ec2::254", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe"})
        EXPECT_EQ(kind_of(a), AddressClass::kMetadata) << a;
}

TEST(AddressClassTest, UnspecifiedSharedMulticastReservedDocumentation) {
    for (const char* a : {"0.0.0.0", "0.1.2.3", "::", "::ffff:0.0.0.0"})
        EXPECT_EQ(kind_of(a), AddressClass::kUnspecified) << a;
    for (const char* a : {"100.64.0.0", "100.100.100.200", "100.127.255.255"})
        EXPECT_EQ(kind_of(a), AddressClass::kSharedCgnat) << a;
    for (const char* a : {"224.0.0.1", "239.255.255.250", "ff02::1", "ff05::1:3"})
        EXPECT_EQ(kind_of(a), AddressClass::kMulticast) << a;
    for (const char* a : {"240.0.0.1", "255.255.255.255", "192.0.0.8", "198.18.0.1", "198.19.255.255",
                          "192.88.99.1", "2001::1", "2001:10::1", "100::1", "5f00::1", "4000::1", "::2:0:0:1"})
        EXPECT_EQ(kind_of(a), AddressClass::kReserved) << a;
    for (const char* a : {"192.0.2.1", "198.51.100.7", "203.0.113.9", "2001:db8::1", "3fff::1"})
        EXPECT_EQ(kind_of(a), AddressClass::kDocumentation) << a;
}

TEST(AddressClassTest, TextThatIsNoAddressIsNotClassified) {
    for (const char* a : {"", "localhost", "example.com", "[::1]", "fe80::1%eth0", "1.2.3", "256.1.1.1", " 8.8.8.8"})
        EXPECT_FALSE(classify_address_text(a).has_value()) << a;
}

TEST(AddressClassTest, SocketAddressesOfBothFamilies) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    inet_pton(AF_INET, "10.1.1.1", &v4.sin_addr);
    EXPECT_EQ(classify_socket_address(reinterpret_cast<sockaddr*>(&v4)), AddressClass::kPrivate);
    sockaddr_in6 v6{};
    v6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &v6.sin6_addr);
    EXPECT_EQ(classify_socket_address(reinterpret_cast<sockaddr*>(&v6)), AddressClass::kLoopback);
    sockaddr other{};
    other.sa_family = AF_UNIX;
    EXPECT_FALSE(classify_socket_address(&other).has_value());
    EXPECT_FALSE(classify_socket_address(nullptr).has_value());
}

}  // namespace
}  // namespace tribune::outbound
