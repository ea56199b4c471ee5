#pragma once
// What a JwtKey holds, shared by the files that make and use keys. Internal to the outbound
// module, and free of OpenSSL's headers: the key is named by OpenSSL's struct tag only.

#include <memory>
#include <string>

#include "domain/error.hpp"
#include "outbound/jwt.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace tribune::outbound {

struct JwtKey::Impl {
    JwtAlg alg = JwtAlg::kHS256;
    std::string kid;
    std::string secret;                  // kHS256 only
    std::shared_ptr<evp_pkey_st> pkey;   // the others: a public key
    Impl() = default;
    Impl(const Impl&) = default;
    ~Impl();                             // wipes the secret
};

/// A key for `pkey` (taken over, freed on every path): the algorithm its type allows (RSA of
/// 2048 to 8192 bits: RS256, EC P-256: ES256, Ed25519: EdDSA). Errors: kInvalid naming the
/// key's fault.
domain::Result<JwtKey> jwt_key_from_pkey(evp_pkey_st* pkey);

}  // namespace tribune::outbound
