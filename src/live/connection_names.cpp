#include "live/connection_names.hpp"

#include <sodium.h>

#include <cstdint>
#include <cstdio>

namespace tribune::live {
namespace {

// Reported, not thrown: randombytes_buf initialises what it needs by itself.
void init_sodium() {
    if (sodium_init() < 0) std::fputs("tribune: libsodium did not initialise\n", stderr);
}

}  // namespace

ConnectionNames::ConnectionNames() {
    init_sodium();
    randombytes_buf(key_.data(), key_.size());
}

ConnectionNames::ConnectionNames(const Key& key) : key_(key) { init_sodium(); }

std::string ConnectionNames::name(SubscriptionId id) const {
    unsigned char in[8];
    for (int i = 0; i < 8; ++i) in[i] = static_cast<unsigned char>(id >> (8 * i));
    unsigned char mac[16];
    crypto_generichash(mac, sizeof mac, in, sizeof in, key_.data(), key_.size());
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    std::string name = "c";
    name += std::to_string(id);
    name += '-';
    name += hex;
    return name;
}

std::optional<SubscriptionId> ConnectionNames::id_of(std::string_view name) const {
    const auto dash = name.find('-');
    if (name.size() < 2 || name.front() != 'c' || dash == std::string_view::npos) return std::nullopt;
    SubscriptionId id = 0;
    for (char c : name.substr(1, dash - 1)) {
        if (c < '0' || c > '9' || id > (UINT64_MAX - 9) / 10) return std::nullopt;
        id = id * 10 + static_cast<SubscriptionId>(c - '0');
    }
    const std::string expected = this->name(id);
    if (expected.size() != name.size() || sodium_memcmp(expected.data(), name.data(), expected.size()) != 0)
        return std::nullopt;
    return id;
}

}  // namespace tribune::live
