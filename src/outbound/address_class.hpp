#pragma once
// What kind of network an IP address belongs to, so that webhook deliveries reach only the
// public internet unless private addresses are allowed (the SSRF guard of webhook_poster).

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

struct sockaddr;

namespace tribune::outbound {

enum class AddressClass {
    kPublic,
    kLoopback,       // 127.0.0.0/8, ::1
    kPrivate,        // 10/8, 172.16/12, 192.168/16, fc00::/7 (unique local)
    kLinkLocal,      // 169.254/16, fe80::/10
    kMetadata,       // 169.254.169.254, fd00:ec2::254: cloud instance metadata services
    kUnspecified,    // 0.0.0.0/8, ::
    kSharedCgnat,    // 100.64.0.0/10: carrier-grade NAT, the provider's side of the network
    kMulticast,      // 224/4, ff00::/8
    kReserved,       // 240/4 and 255.255.255.255, 192.0.0/24, 198.18/15 (benchmarks), 2001::/23 specials...
    kDocumentation,  // 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20
};

/// The class of an IPv4 address given as four bytes in network order.
AddressClass classify_ipv4(const std::array<std::uint8_t, 4>& address);

/// The class of an IPv6 address given as sixteen bytes; IPv4-mapped (::ffff:a.b.c.d),
/// IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses count as their IPv4 address.
AddressClass classify_ipv6(const std::array<std::uint8_t, 16>& address);

/// The class of an AF_INET or AF_INET6 socket address; nullopt for any other family.
std::optional<AddressClass> classify_socket_address(const sockaddr* address);

/// The class of a numeric address written as text ("10.0.0.1", "::1", no brackets, no zone);
/// nullopt when it is not one.
std::optional<AddressClass> classify_address_text(std::string_view text);

/// Words for the class, for error messages: "loopback", "private", ...
std::string_view describe(AddressClass kind);

}  // namespace tribune::outbound
