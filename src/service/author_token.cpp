#include "service/author_token.hpp"

#include <sodium.h>

#include <stdexcept>

#include "domain/base64url.hpp"

namespace tribune::service {
namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium failed to initialise");
}

constexpr std::size_t kTokenBytes = 32;

}  // namespace

std::string new_author_token() {
    ensure_sodium();
    unsigned char bytes[kTokenBytes];
    randombytes_buf(bytes, sizeof bytes);
    return domain::base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool is_author_token(std::string_view token) {
    if (token.size() != 43) return false;
    const auto decoded = domain::base64url_decode(token);
    return decoded && decoded->size() == kTokenBytes;
}

std::string hash_author_token(std::string_view token) {
    ensure_sodium();
    unsigned char out[32];
    crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    char hex[sizeof out * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

bool secret_equals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace tribune::service
