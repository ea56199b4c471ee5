#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/json.hpp>

#include <optional>

#include "domain/base64url.hpp"
#include "outbound/jwt_key_impl.hpp"

namespace tribune::outbound {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxJwksBytes = 64 * 1024;
constexpr std::size_t kMaxJwksKeys = 32;
constexpr std::size_t kMaxKidBytes = 256;
constexpr std::size_t kMaxRsaModulusBytes = 1025;  // 8192 bits, and the leading zero some encoders keep
constexpr std::size_t kMaxRsaExponentBytes = 4;

domain::Error jwks_refused(std::string message) {
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid key set", std::move(message));
}

// A member that must be a string, or "" when absent or of another type.
std::string_view jwk_string(const json::object& jwk, std::string_view name) {
    const auto* value = jwk.if_contains(name);
    if (value == nullptr || !value->is_string()) return {};
    const auto& s = value->get_string();
    return {s.data(), s.size()};
}

// A base64url member decoded; nullopt when absent, malformed, or not `min`..`max` bytes long.
std::optional<std::string> jwk_bytes(const json::object& jwk, std::string_view name, std::size_t min, std::size_t max) {
    const auto text = jwk_string(jwk, name);
    if (text.empty()) return std::nullopt;
    auto bytes = domain::base64url_decode(text);
    if (!bytes || bytes->size() < min || bytes->size() > max) return std::nullopt;
    return bytes;
}

struct JwksBn {
    void operator()(BIGNUM* n) const { BN_free(n); }
};
struct JwksParamBld {
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct JwksParams {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct JwksPkeyCtx {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

// A public key of type `type` ("RSA", "EC") from the parameters `bld` holds; null on failure.
EVP_PKEY* jwks_key_from_params(const char* type, OSSL_PARAM_BLD* bld) {
    std::unique_ptr<OSSL_PARAM, JwksParams> params(OSSL_PARAM_BLD_to_param(bld));
    std::unique_ptr<EVP_PKEY_CTX, JwksPkeyCtx> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* pkey = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return nullptr;
    return pkey;
}

EVP_PKEY* jwks_rsa_key(const json::object& jwk) {
    const auto n = jwk_bytes(jwk, "n", 1, kMaxRsaModulusBytes);
    const auto e = jwk_bytes(jwk, "e", 1, kMaxRsaExponentBytes);
    if (!n || !e) return nullptr;
    const auto* nb = reinterpret_cast<const unsigned char*>(n->data());
    const auto* eb = reinterpret_cast<const unsigned char*>(e->data());
    std::unique_ptr<BIGNUM, JwksBn> bn_n(BN_bin2bn(nb, static_cast<int>(n->size()), nullptr));
    std::unique_ptr<BIGNUM, JwksBn> bn_e(BN_bin2bn(eb, static_cast<int>(e->size()), nullptr));
    // An even or tiny exponent is no RSA key anyone publishes.
    if (!bn_n || !bn_e || !BN_is_odd(bn_e.get()) || BN_is_one(bn_e.get())) return nullptr;
    std::unique_ptr<OSSL_PARAM_BLD, JwksParamBld> bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1)
        return nullptr;
    return jwks_key_from_params("RSA", bld.get());
}

EVP_PKEY* jwks_ec_key(const json::object& jwk) {
    if (jwk_string(jwk, "crv") != "P-256") return nullptr;
    const auto x = jwk_bytes(jwk, "x", 32, 32);
    const auto y = jwk_bytes(jwk, "y", 32, 32);
    if (!x || !y) return nullptr;
    const std::string point = "\x04" + *x + *y;  // uncompressed SEC 1 form
    std::unique_ptr<OSSL_PARAM_BLD, JwksParamBld> bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
        return nullptr;
    EVP_PKEY* pkey = jwks_key_from_params("EC", bld.get());
    if (pkey == nullptr) return nullptr;
    // The point must be on the curve: a key that is not cannot be trusted to verify anything.
    std::unique_ptr<EVP_PKEY_CTX, JwksPkeyCtx> check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        EVP_PKEY_free(pkey);
        return nullptr;
    }
    return pkey;
}

EVP_PKEY* jwks_okp_key(const json::object& jwk) {
    if (jwk_string(jwk, "crv") != "Ed25519") return nullptr;
    const auto x = jwk_bytes(jwk, "x", 32, 32);
    if (!x) return nullptr;
    return EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x->data()),
                                       x->size());
}

// The key `jwk` describes, or nullopt when it is one this module skips.
std::optional<JwtKey> jwks_key(const json::value& value) {
    if (!value.is_object()) return std::nullopt;
    const auto& jwk = value.get_object();
    if (const auto* use = jwk.if_contains("use"); use && !(use->is_string() && use->get_string() == "sig"))
        return std::nullopt;
    const auto* kid_value = jwk.if_contains("kid");
    if (kid_value && (!kid_value->is_string() || kid_value->get_string().size() > kMaxKidBytes)) return std::nullopt;

    const auto kty = jwk_string(jwk, "kty");
    EVP_PKEY* pkey = nullptr;
    JwtAlg expected;
    if (kty == "RSA") {
        pkey = jwks_rsa_key(jwk);
        expected = JwtAlg::kRS256;
    } else if (kty == "EC") {
        pkey = jwks_ec_key(jwk);
        expected = JwtAlg::kES256;
    } else if (kty == "OKP") {
        pkey = jwks_okp_key(jwk);
        expected = JwtAlg::kEdDSA;
    } else {
        return std::nullopt;
    }
    if (pkey == nullptr) return std::nullopt;
    if (const auto* alg = jwk.if_contains("alg"); alg && !(alg->is_string() && alg->get_string() == to_string(expected))) {
        EVP_PKEY_free(pkey);
        return std::nullopt;
    }
    auto key = jwt_key_from_pkey(pkey);  // takes pkey; refuses RSA under 2048 bits
    if (!key || key->alg() != expected) return std::nullopt;
    if (kid_value) key->set_kid(std::string(kid_value->get_string()));
    return std::move(*key);
}

}  // namespace

domain::Result<std::vector<JwtKey>> parse_jwks(std::string_view text) {
    if (text.size() > kMaxJwksBytes) return jwks_refused("the key set is larger than 64 KiB");
    boost::system::error_code ec;
    const auto value = json::parse(text, ec);
    if (ec || !value.is_object()) return jwks_refused("the key set is not a JSON object");
    const auto* keys = value.get_object().if_contains("keys");
    if (keys == nullptr || !keys->is_array()) return jwks_refused("the key set has no \"keys\" array");
    if (keys->get_array().size() > kMaxJwksKeys) return jwks_refused("the key set has more than 32 keys");
    std::vector<JwtKey> out;
    for (const auto& jwk : keys->get_array())
        if (auto key = jwks_key(jwk)) out.push_back(std::move(*key));
    ERR_clear_error();  // skipped keys leave OpenSSL errors behind
    return out;
}

}  // namespace tribune::outbound
