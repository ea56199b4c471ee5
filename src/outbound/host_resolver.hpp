#pragma once
// Looking a host name up once, within a deadline, so that the webhook poster can check every
// address before it connects and then connect only to a checked one.

#include <chrono>
#include <string>
#include <vector>

#include "outbound/address_class.hpp"

namespace tribune::outbound {

struct ResolvedAddress {
    std::string text;  // numeric, without brackets: "93.184.216.34", "2606:2800::1"
    AddressClass kind = AddressClass::kPublic;
};

struct Resolution {
    std::vector<ResolvedAddress> addresses;  // in the resolver's order, duplicates removed
    std::string error;                       // "" when the name resolved
};

/// The host's IPv4 and IPv6 addresses (getaddrinfo, TCP). Waits at most `timeout`: a lookup that
/// takes longer is left to finish on its own thread and reported as timed out.
Resolution resolve_host(const std::string& host, std::chrono::milliseconds timeout);

}  // namespace tribune::outbound
