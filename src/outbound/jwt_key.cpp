#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstring>

#include "outbound/jwt_key_impl.hpp"

namespace tribune::outbound {
namespace {

constexpr std::size_t kMinHmacSecretBytes = 32;
constexpr std::size_t kMaxHmacSecretBytes = 4096;
constexpr std::size_t kMaxPemBytes = 16 * 1024;
constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 8192;  // a bigger key only makes each check slower

domain::Error key_refused(std::string message) {
    ERR_clear_error();  // nothing stale for the next OpenSSL (or libcurl) caller on this thread
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid key", std::move(message));
}

bool is_p256(EVP_PKEY* pkey) {
    char group[64] = {};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &length) != 1)
        return false;
    return std::strcmp(group, "prime256v1") == 0 || std::strcmp(group, "P-256") == 0;
}

}  // namespace

JwtKey::Impl::~Impl() {
    if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
}

std::string_view to_string(JwtAlg alg) {
    switch (alg) {
        case JwtAlg::kHS256: return "HS256";
        case JwtAlg::kRS256: return "RS256";
        case JwtAlg::kES256: return "ES256";
        case JwtAlg::kEdDSA: return "EdDSA";
    }
    return "";
}

domain::Result<JwtKey> jwt_key_from_pkey(evp_pkey_st* raw) {
    std::shared_ptr<EVP_PKEY> pkey(raw, EVP_PKEY_free);
    if (!pkey) return key_refused("the key could not be read");
    auto impl = std::make_shared<JwtKey::Impl>();
    if (EVP_PKEY_is_a(raw, "RSA")) {
        const int bits = EVP_PKEY_get_bits(raw);
        if (bits < kMinRsaBits) return key_refused("the RSA key is shorter than 2048 bits");
        if (bits > kMaxRsaBits) return key_refused("the RSA key is longer than 8192 bits");
        impl->alg = JwtAlg::kRS256;
    } else if (EVP_PKEY_is_a(raw, "EC")) {
        if (!is_p256(raw)) return key_refused("the EC key is not on the P-256 curve (ES256)");
        impl->alg = JwtAlg::kES256;
    } else if (EVP_PKEY_is_a(raw, "ED25519")) {
        impl->alg = JwtAlg::kEdDSA;
    } else {
        return key_refused("the key is not RSA, EC P-256 or Ed25519");
    }
    impl->pkey = std::move(pkey);
    JwtKey key;
    key.impl = std::move(impl);
    return key;
}

domain::Result<JwtKey> JwtKey::hmac(std::string_view secret) {
    if (secret.size() < kMinHmacSecretBytes) return key_refused("the HS256 secret is shorter than 32 bytes");
    if (secret.size() > kMaxHmacSecretBytes) return key_refused("the HS256 secret is longer than 4096 bytes");
    auto impl = std::make_shared<Impl>();
    impl->alg = JwtAlg::kHS256;
    impl->secret.assign(secret);
    JwtKey key;
    key.impl = std::move(impl);
    return key;
}

domain::Result<JwtKey> JwtKey::public_pem(std::string_view pem) {
    if (pem.empty() || pem.size() > kMaxPemBytes) return key_refused("the PEM is empty or longer than 16 KiB");
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) return key_refused("the key could not be read (out of memory)");
    EVP_PKEY* pkey = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
    if (pkey == nullptr) return key_refused("the PEM is not a public key (-----BEGIN PUBLIC KEY-----)");
    auto key = jwt_key_from_pkey(pkey);
    ERR_clear_error();
    return key;
}

JwtAlg JwtKey::alg() const { return impl ? impl->alg : JwtAlg::kHS256; }

const std::string& JwtKey::kid() const {
    static const std::string none;
    return impl ? impl->kid : none;
}

void JwtKey::set_kid(std::string kid) {
    // Copy on write: copies of this key made earlier keep their kid.
    auto copy = impl ? std::make_shared<Impl>(*impl) : std::make_shared<Impl>();
    copy->kid = std::move(kid);
    impl = std::move(copy);
}

}  // namespace tribune::outbound
