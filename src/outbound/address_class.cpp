#include "outbound/address_class.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <string>

namespace tribune::outbound {
namespace {

bool ipv4_in(const std::array<std::uint8_t, 4>& a, std::uint32_t network, int prefix) {
    const std::uint32_t value = (std::uint32_t{a[0]} << 24) | (std::uint32_t{a[1]} << 16) |
                                (std::uint32_t{a[2]} << 8) | std::uint32_t{a[3]};
    const std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    return (value & mask) == (network & mask);
}

constexpr std::uint32_t ipv4_value(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return (std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | std::uint32_t{d};
}

// Whether the first `prefix` bits of `a` equal those of `network`.
bool ipv6_in(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& network, int prefix) {
    for (int bit = 0; bit < prefix; bit += 8) {
        const int bits = prefix - bit < 8 ? prefix - bit : 8;
        const auto mask = static_cast<std::uint8_t>(0xFF << (8 - bits));
        if ((a[bit / 8] & mask) != (network[bit / 8] & mask)) return false;
    }
    return true;
}

std::array<std::uint8_t, 4> embedded_ipv4(const std::array<std::uint8_t, 16>& a, int first_byte) {
    return {a[first_byte], a[first_byte + 1], a[first_byte + 2], a[first_byte + 3]};
}

}  // namespace

AddressClass classify_ipv4(const std::array<std::uint8_t, 4>& a) {
    if (ipv4_in(a, ipv4_value(0, 0, 0, 0), 8)) return AddressClass::kUnspecified;
    if (ipv4_in(a, ipv4_value(127, 0, 0, 0), 8)) return AddressClass::kLoopback;
    if (ipv4_in(a, ipv4_value(169, 254, 169, 254), 32)) return AddressClass::kMetadata;
    if (ipv4_in(a, ipv4_value(169, 254, 0, 0), 16)) return AddressClass::kLinkLocal;
    if (ipv4_in(a, ipv4_value(10, 0, 0, 0), 8) || ipv4_in(a, ipv4_value(172, 16, 0, 0), 12) ||
        ipv4_in(a, ipv4_value(192, 168, 0, 0), 16))
        return AddressClass::kPrivate;
    if (ipv4_in(a, ipv4_value(100, 64, 0, 0), 10)) return AddressClass::kSharedCgnat;
    if (ipv4_in(a, ipv4_value(192, 0, 2, 0), 24) || ipv4_in(a, ipv4_value(198, 51, 100, 0), 24) ||
        ipv4_in(a, ipv4_value(203, 0, 113, 0), 24))
        return AddressClass::kDocumentation;
    if (ipv4_in(a, ipv4_value(224, 0, 0, 0), 4)) return AddressClass::kMulticast;
    // 240/4 holds the broadcast address 255.255.255.255; 192.0.0/24 the IETF assignments;
    // 192.88.99/24 the old 6to4 relays; 198.18/15 benchmarking networks.
    if (ipv4_in(a, ipv4_value(240, 0, 0, 0), 4) || ipv4_in(a, ipv4_value(192, 0, 0, 0), 24) ||
        ipv4_in(a, ipv4_value(192, 88, 99, 0), 24) || ipv4_in(a, ipv4_value(198, 18, 0, 0), 15))
        return AddressClass::kReserved;
    return AddressClass::kPublic;
}

AddressClass classify_ipv6(const std::array<std::uint8_t, 16>& a) {
    using Bytes = std::array<std::uint8_t, 16>;
    static constexpr Bytes kZero{};
    static constexpr Bytes kLoopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static constexpr Bytes kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    static constexpr Bytes kNat64{0x00, 0x64, 0xFF, 0x9B};
    static constexpr Bytes kNat64Local{0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01};
    static constexpr Bytes kSixToFour{0x20, 0x02};
    static constexpr Bytes kMetadata{0xFD, 0x00, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
    static constexpr Bytes kUniqueLocal{0xFC};
    static constexpr Bytes kLinkLocal{0xFE, 0x80};
    static constexpr Bytes kSiteLocal{0xFE, 0xC0};
    static constexpr Bytes kMulticast{0xFF};
    static constexpr Bytes kDocumentation{0x20, 0x01, 0x0D, 0xB8};
    static constexpr Bytes kDocumentation2{0x3F, 0xFF};
    static constexpr Bytes kIetfAssignments{0x20, 0x01};
    static constexpr Bytes kGlobalUnicast{0x20};

    if (a == kZero) return AddressClass::kUnspecified;
    if (a == kLoopback) return AddressClass::kLoopback;
    if (ipv6_in(a, kMapped, 96)) return classify_ipv4(embedded_ipv4(a, 12));
    if (ipv6_in(a, kZero, 96)) return classify_ipv4(embedded_ipv4(a, 12));  // IPv4-compatible
    if (ipv6_in(a, kNat64, 96)) return classify_ipv4(embedded_ipv4(a, 12));
    if (ipv6_in(a, kNat64Local, 48)) return AddressClass::kPrivate;
    if (a == kMetadata) return AddressClass::kMetadata;
    if (ipv6_in(a, kUniqueLocal, 7)) return AddressClass::kPrivate;
    if (ipv6_in(a, kLinkLocal, 10)) return AddressClass::kLinkLocal;
    if (ipv6_in(a, kSiteLocal, 10)) return AddressClass::kPrivate;
    if (ipv6_in(a, kMulticast, 8)) return AddressClass::kMulticast;
    if (ipv6_in(a, kDocumentation, 32) || ipv6_in(a, kDocumentation2, 20)) return AddressClass::kDocumentation;
    if (ipv6_in(a, kSixToFour, 16)) {
        // 6to4 carries an IPv4 address in bytes 2-5: as private as that address.
        const auto inner = classify_ipv4(embedded_ipv4(a, 2));
        return inner == AddressClass::kPublic ? AddressClass::kPublic : inner;
    }
    // 2001::/23 holds Teredo, ORCHID and other protocol assignments; outside 2000::/3 nothing is
    // global unicast (discard-only 100::/64, SRv6 5f00::/16, unassigned space).
    if (ipv6_in(a, kIetfAssignments, 23)) return AddressClass::kReserved;
    if (!ipv6_in(a, kGlobalUnicast, 3)) return AddressClass::kReserved;
    return AddressClass::kPublic;
}

std::optional<AddressClass> classify_socket_address(const sockaddr* address) {
    if (address == nullptr) return std::nullopt;
    if (address->sa_family == AF_INET) {
        sockaddr_in in{};
        std::memcpy(&in, address, sizeof in);
        std::array<std::uint8_t, 4> bytes{};
        std::memcpy(bytes.data(), &in.sin_addr, bytes.size());
        return classify_ipv4(bytes);
    }
    if (address->sa_family == AF_INET6) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, address, sizeof in6);
        std::array<std::uint8_t, 16> bytes{};
        std::memcpy(bytes.data(), &in6.sin6_addr, bytes.size());
        return classify_ipv6(bytes);
    }
    return std::nullopt;
}

std::optional<AddressClass> classify_address_text(std::string_view text) {
    if (text.empty() || text.size() > 45) return std::nullopt;
    const std::string copy(text);
    std::array<std::uint8_t, 4> v4{};
    if (inet_pton(AF_INET, copy.c_str(), v4.data()) == 1) return classify_ipv4(v4);
    std::array<std::uint8_t, 16> v6{};
    if (inet_pton(AF_INET6, copy.c_str(), v6.data()) == 1) return classify_ipv6(v6);
    return std::nullopt;
}

std::string_view describe(AddressClass kind) {
    switch (kind) {
        case AddressClass::kPublic: return "public";
        case AddressClass::kLoopback: return "loopback";
        case AddressClass::kPrivate: return "private";
        case AddressClass::kLinkLocal: return "link-local";
        case AddressClass::kMetadata: return "a cloud metadata service";
        case AddressClass::kUnspecified: return "unspecified";
        case AddressClass::kSharedCgnat: return "carrier-grade NAT (shared)";
        case AddressClass::kMulticast: return "multicast";
        case AddressClass::kReserved: return "reserved";
        case AddressClass::kDocumentation: return "a documentation range";
    }
    return "unknown";
}

}  // namespace tribune::outbound
