#include "service/safeguards.hpp"

#include "service/keyed_hash.hpp"

namespace tribune::service {

std::string Safeguards::hash_ip(std::string_view ip) const {
    // Keyed BLAKE2b: without the key (kept outside the store, never shown) a hash cannot be matched
    // back to an address by trying every address.
    return keyed_hash_hex(ip, ip_salt, 32);
}

}  // namespace tribune::service
