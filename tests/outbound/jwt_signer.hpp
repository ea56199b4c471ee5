#pragma once
// Test-only: keys made and tokens signed with OpenSSL directly, independently of the module's
// code, so the tests check outbound/jwt against tokens as a provider would issue them.

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/base64url.hpp"

namespace tribune::outbound::test {

using TestKey = std::shared_ptr<EVP_PKEY>;

inline TestKey test_key(EVP_PKEY* raw) {
    if (raw == nullptr) throw std::runtime_error("OpenSSL could not make a key");
    return TestKey(raw, EVP_PKEY_free);
}
inline TestKey new_rsa_key(std::size_t bits = 2048) { return test_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits)); }
inline TestKey new_p256_key() { return test_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")); }
inline TestKey new_ed25519_key() { return test_key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")); }

/// The key's public half as PEM (SubjectPublicKeyInfo).
inline std::string public_pem_of(const TestKey& key) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.get()) != 1) throw std::runtime_error("PEM export failed");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

inline std::string bytes_of(const unsigned char* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

inline std::string big_number_param(const TestKey& key, const char* name, int pad = 0) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key.get(), name, &bn) != 1) throw std::runtime_error("no such key parameter");
    std::string out(static_cast<std::size_t>(pad > 0 ? pad : BN_num_bytes(bn)), '\0');
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
    BN_free(bn);
    return out;
}

/// The key's public half as a JWK (members as providers write them), with `extra` members
/// (",\"use\":\"sig\"" etc.) added.
inline std::string jwk_of(const TestKey& key, const std::string& kid, const std::string& extra = "") {
    const std::string id = kid.empty() ? "" : ",\"kid\":\"" + kid + "\"";
    if (EVP_PKEY_is_a(key.get(), "RSA"))
        return "{\"kty\":\"RSA\",\"n\":\"" + domain::base64url_encode(big_number_param(key, OSSL_PKEY_PARAM_RSA_N)) +
               "\",\"e\":\"" + domain::base64url_encode(big_number_param(key, OSSL_PKEY_PARAM_RSA_E)) + "\"" + id +
               extra + "}";
    if (EVP_PKEY_is_a(key.get(), "EC"))
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" +
               domain::base64url_encode(big_number_param(key, OSSL_PKEY_PARAM_EC_PUB_X, 32)) + "\",\"y\":\"" +
               domain::base64url_encode(big_number_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32)) + "\"" + id + extra + "}";
    unsigned char raw[32];
    std::size_t size = sizeof raw;
    if (EVP_PKEY_get_raw_public_key(key.get(), raw, &size) != 1) throw std::runtime_error("no raw public key");
    return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + domain::base64url_encode(bytes_of(raw, size)) + "\"" + id +
           extra + "}";
}

inline std::string signing_input(std::string_view header_json, std::string_view payload_json) {
    return domain::base64url_encode(header_json) + "." + domain::base64url_encode(payload_json);
}

/// An HS256 token over the given header and payload JSON.
inline std::string sign_hs256(std::string_view secret, std::string_view header_json, std::string_view payload_json) {
    const auto input = signing_input(header_json, payload_json);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &size);
    return input + "." + domain::base64url_encode(bytes_of(mac, size));
}

/// A token signed with `key`: RS256 (RSA), ES256 (EC, the signature as raw r||s) or EdDSA.
inline std::string sign_with(const TestKey& key, std::string_view header_json, std::string_view payload_json) {
    const auto input = signing_input(header_json, payload_json);
    const bool ed = EVP_PKEY_is_a(key.get(), "ED25519");
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    std::size_t size = 0;
    if (EVP_DigestSignInit(ctx.get(), nullptr, ed ? nullptr : EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
        throw std::runtime_error("cannot sign");
    std::string sig(size, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &size,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
        throw std::runtime_error("cannot sign");
    sig.resize(size);
    if (EVP_PKEY_is_a(key.get(), "EC")) {
        const auto* der = reinterpret_cast<const unsigned char*>(sig.data());
        ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(sig.size()));
        if (parsed == nullptr) throw std::runtime_error("bad ECDSA signature");
        std::string raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(parsed), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(parsed), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
        ECDSA_SIG_free(parsed);
        sig = raw;
    }
    return input + "." + domain::base64url_encode(sig);
}

}  // namespace tribune::outbound::test
