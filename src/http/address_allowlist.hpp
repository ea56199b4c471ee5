#pragma once
// A list of addresses and networks ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8") that a
// caller's address is checked against, for routes only some hosts may call (/metrics).
// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1, what a dual-stack listener reports) count as
// their IPv4 address, in the list and in what is checked.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tribune::http {

class AddressAllowlist {
public:
    /// At most this many entries: allows() runs on requests.
    static constexpr std::size_t kMaxEntries = 64;

    /// Parses a comma-separated list (spaces around entries are ignored; empty: allows nobody).
    /// nullopt, with `error` saying which entry and why, for an entry that is not an address or
    /// address/prefix, a prefix too long, or bits set past the prefix ("10.1.0.0/8": a typo?).
    static std::optional<AddressAllowlist> parse(std::string_view list, std::string& error);

    bool empty() const { return networks_.empty(); }

    /// Whether `address` (an IP address as text) lies in one of the networks; false for
    /// anything that is not an address.
    bool allows(std::string_view address) const;

private:
    struct Network {
        bool v4 = false;
        std::array<unsigned char, 16> bytes{};  // IPv4 in the first 4
        unsigned prefix = 0;
    };
    std::vector<Network> networks_;
};

}  // namespace tribune::http
