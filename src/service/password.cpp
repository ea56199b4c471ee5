#include "service/password.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace tribune::service {
namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

// A valid hash of a random password, made once: burn_password_time() verifies against it.
const std::string& decoy_hash() {
    static const std::string hash = [] {
        ensure_sodium();
        unsigned char bytes[16];
        randombytes_buf(bytes, sizeof bytes);
        return hash_password(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes)).value_or("");
    }();
    return hash;
}

}  // namespace

std::optional<std::string> hash_password(std::string_view password) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    return std::string(out);
}

bool verify_password(std::string_view stored, std::string_view password) {
    ensure_sodium();
    if (stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return false;
    char buf[crypto_pwhash_STRBYTES] = {};
    stored.copy(buf, stored.size());
    return crypto_pwhash_str_verify(buf, password.data(), password.size()) == 0;
}

void burn_password_time(std::string_view password) { (void)verify_password(decoy_hash(), password); }

}  // namespace tribune::service
