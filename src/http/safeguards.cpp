#include "http/safeguards.hpp"

#include <sodium.h>

namespace tribune::http {

std::string Safeguards::hash_ip(std::string_view ip) const {
    // Keyed BLAKE2b: without the key (kept outside the store, never shown) a hash cannot be matched
    // back to an address by trying every address.
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(ip.data()), ip.size(),
                       reinterpret_cast<const unsigned char*>(ip_salt.data()),
                       std::min<std::size_t>(ip_salt.size(), crypto_generichash_KEYBYTES_MAX));
    char hex[sizeof out * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

}  // namespace tribune::http
