#pragma once
// The unit a client is counted in: one IPv4 address, or one IPv6 /64 (what a single household or
// host is usually given, so a client cannot escape a limit by walking its own /64).

#include <optional>
#include <string>
#include <string_view>

#include "service/safeguards.hpp"

namespace tribune::http {

/// "203.0.113.9" for an IPv4 address (also when written as ::ffff:203.0.113.9), "2001:db8:1:2::/64"
/// for any IPv6 address in that /64; nullopt when `address` is not an IP address.
std::optional<std::string> client_network(std::string_view address);

/// The node's keyed hash of the network `address` is in (client_network), as an imported
/// comment keeps it; "" when `address` is not an IP address.
std::string network_hash(const service::Safeguards& guards, std::string_view address);

}  // namespace tribune::http
