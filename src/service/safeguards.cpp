#include "service/safeguards.hpp"

#include "service/keyed_hash.hpp"

namespace tribune::service {

void Safeguards::set_node_key(std::string key) {
    ip_salt = std::move(key);
    // A key of its own, so a preview link's signature says nothing about IP hashes.
    preview_key = keyed_hash_hex("tribune preview link key", ip_salt, 32);
    // And one for mail links: a confirm or unsubscribe token proves nothing about previews.
    mail_key = keyed_hash_hex("tribune mail link key", ip_salt, 32);
}

std::string Safeguards::hash_ip(std::string_view ip) const {
    // Keyed BLAKE2b: without the key (kept outside the store, never shown) a hash cannot be matched
    // back to an address by trying every address.
    return keyed_hash_hex(ip, ip_salt, 32);
}

}  // namespace tribune::service
