#include "http/address_allowlist.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace tribune::http {
namespace {

struct Parsed {
    bool v4 = false;
    std::array<unsigned char, 16> bytes{};
};

constexpr unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::optional<Parsed> parse_address(std::string_view text) {
    if (text.empty() || text.size() > 45) return std::nullopt;  // INET6_ADDRSTRLEN - 1
    char buf[46];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    Parsed p;
    if (inet_pton(AF_INET, buf, p.bytes.data()) == 1) {
        p.v4 = true;
        return p;
    }
    if (inet_pton(AF_INET6, buf, p.bytes.data()) != 1) return std::nullopt;
    if (std::memcmp(p.bytes.data(), kMappedPrefix, sizeof kMappedPrefix) == 0) {
        std::memmove(p.bytes.data(), p.bytes.data() + 12, 4);
        std::memset(p.bytes.data() + 4, 0, 12);
        p.v4 = true;
    }
    return p;
}

bool same_prefix(const unsigned char* a, const unsigned char* b, unsigned bits) {
    const unsigned whole = bits / 8;
    if (std::memcmp(a, b, whole) != 0) return false;
    const unsigned rest = bits % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<unsigned char>(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<AddressAllowlist> AddressAllowlist::parse(std::string_view list, std::string& error) {
    AddressAllowlist out;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view entry = trim(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (entry.empty()) continue;
        if (out.networks_.size() == kMaxEntries) {
            error = "more than " + std::to_string(kMaxEntries) + " entries";
            return std::nullopt;
        }
        const auto slash = entry.find('/');
        const std::string_view address = entry.substr(0, slash);
        auto parsed = parse_address(address);
        if (!parsed) {
            error = "\"" + std::string(entry) + "\" is not an IP address or address/prefix";
            return std::nullopt;
        }
        // A mapped address's prefix counts its 96 leading bits; as IPv4 it has 32 in all.
        const bool mapped = parsed->v4 && address.find(':') != std::string_view::npos;
        const unsigned max_prefix = parsed->v4 ? 32 : 128;
        unsigned prefix = max_prefix;
        if (slash != std::string_view::npos) {
            const std::string_view digits = entry.substr(slash + 1);
            auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
            if (mapped) prefix = prefix >= 96 ? prefix - 96 : max_prefix + 1;
            if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() || prefix > max_prefix) {
                error = "\"" + std::string(entry) + "\" has an invalid prefix length";
                return std::nullopt;
            }
        }
        Network n{parsed->v4, parsed->bytes, prefix};
        std::array<unsigned char, 16> masked = n.bytes;
        // Bits past the prefix must be zero: "10.1.0.0/8" is more likely a typo than a wish.
        for (unsigned bit = prefix; bit < max_prefix; ++bit)
            masked[bit / 8] &= static_cast<unsigned char>(~(0x80u >> (bit % 8)));
        if (masked != n.bytes) {
            error = "\"" + std::string(entry) + "\" has bits set past its prefix length";
            return std::nullopt;
        }
        out.networks_.push_back(n);
    }
    return out;
}

bool AddressAllowlist::allows(std::string_view address) const {
    const auto parsed = parse_address(address);
    if (!parsed) return false;
    for (const auto& n : networks_)
        if (n.v4 == parsed->v4 && same_prefix(n.bytes.data(), parsed->bytes.data(), n.prefix)) return true;
    return false;
}

}  // namespace tribune::http
