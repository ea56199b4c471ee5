#include "outbound/webhook_signature.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>
#include <string>

namespace tribune::outbound {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr std::size_t kSecretKeyBytes = 32;

std::string signature_base64(const unsigned char* bytes, std::size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(out.size() - 1);  // the terminating NUL sodium writes
    return out;
}

void ensure_sodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

std::string new_webhook_secret() {
    ensure_sodium();
    std::array<unsigned char, kSecretKeyBytes> key{};
    randombytes_buf(key.data(), key.size());
    auto secret = std::string(kSecretPrefix) + signature_base64(key.data(), key.size());
    sodium_memzero(key.data(), key.size());
    return secret;
}

std::optional<std::string> webhook_key(std::string_view secret) {
    if (secret.substr(0, kSecretPrefix.size()) != kSecretPrefix) return std::string(secret);
    const std::string_view encoded = secret.substr(kSecretPrefix.size());
    if (encoded.empty()) return std::nullopt;
    std::string key(encoded.size(), '\0');  // decoded base64 is always shorter
    std::size_t size = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), encoded.data(), encoded.size(),
                          nullptr, &size, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != encoded.data() + encoded.size() || size == 0)
        return std::nullopt;
    key.resize(size);
    return key;
}

std::string sign_webhook(std::string_view key, std::string_view id, std::int64_t timestamp, std::string_view body) {
    ensure_sodium();
    const std::string prefix = std::string(id) + "." + std::to_string(timestamp) + ".";
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_final(&state, mac.data());
    return "v1," + signature_base64(mac.data(), mac.size());
}

}  // namespace tribune::outbound
