#include "service/keyed_hash.hpp"

#include <sodium.h>

#include <algorithm>
#include <vector>

namespace tribune::service {

std::string keyed_hash_hex(std::string_view text, std::string_view key, std::size_t bytes) {
    bytes = std::clamp<std::size_t>(bytes, crypto_generichash_BYTES_MIN, crypto_generichash_BYTES_MAX);
    std::vector<unsigned char> out(bytes);
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       reinterpret_cast<const unsigned char*>(key.data()),
                       std::min<std::size_t>(key.size(), crypto_generichash_KEYBYTES_MAX));
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), out.data(), out.size());
    hex.pop_back();
    return hex;
}

}  // namespace tribune::service
