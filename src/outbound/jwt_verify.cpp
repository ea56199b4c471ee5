#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "domain/account.hpp"
#include "domain/base64url.hpp"
#include "outbound/jwt_key_impl.hpp"

namespace tribune::outbound {
namespace {

namespace json = boost::json;

// Bounds on what a verified token may say. Identity claims past them make the token refused;
// descriptive ones (name, email, badge) past them, or holding control characters, count as absent.
constexpr std::size_t kMaxSubjectBytes = 255;
constexpr std::size_t kMaxIssuerBytes = 2048;
constexpr std::size_t kMaxAudiences = 16;
constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxEmailBytes = 254;
constexpr std::size_t kMaxNonceBytes = 256;
constexpr std::size_t kMaxRoles = 16;
constexpr std::size_t kMaxRoleBytes = 64;

domain::Error token_refused(std::string detail) {
    ERR_clear_error();
    return domain::make_error(domain::ErrorCode::kUnauthenticated, "Invalid token", std::move(detail));
}

// A compact JWS split in its three parts; nullopt when it is not "a.b.c" within the size bound.
struct JwtParts {
    std::string_view header, payload, signature, signing_input;
};

std::optional<JwtParts> split_jwt(std::string_view token) {
    if (token.empty() || token.size() > kMaxJwtBytes) return std::nullopt;
    const auto first = token.find('.');
    if (first == std::string_view::npos) return std::nullopt;
    const auto second = token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return std::nullopt;
    JwtParts parts;
    parts.header = token.substr(0, first);
    parts.payload = token.substr(first + 1, second - first - 1);
    parts.signature = token.substr(second + 1);
    parts.signing_input = token.substr(0, second);
    // An empty signature is let through to be refused by name: `alg: none` tokens carry none.
    if (parts.header.empty() || parts.payload.empty()) return std::nullopt;
    return parts;
}

// The JSON object `bytes` hold, or nullopt.
std::optional<json::object> parse_jwt_object(std::string_view bytes) {
    boost::system::error_code ec;
    auto value = json::parse(bytes, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.get_object());
}

// The JSON object the base64url `part` encodes, or nullopt.
std::optional<json::object> decode_jwt_object(std::string_view part) {
    const auto bytes = domain::base64url_decode(part);
    if (!bytes) return std::nullopt;
    return parse_jwt_object(*bytes);
}

std::optional<std::string_view> jwt_string(const json::object& o, std::string_view name) {
    const auto* value = o.if_contains(name);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string_view(value->get_string().data(), value->get_string().size());
}

std::optional<JwtAlg> alg_named(std::string_view name) {
    for (auto alg : {JwtAlg::kHS256, JwtAlg::kRS256, JwtAlg::kES256, JwtAlg::kEdDSA})
        if (name == to_string(alg)) return alg;
    return std::nullopt;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
               return lower(x) == lower(y);
           });
}

struct DigestCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

bool digest_verify(EVP_PKEY* pkey, const EVP_MD* md, std::string_view input, const unsigned char* sig,
                   std::size_t sig_size) {
    std::unique_ptr<EVP_MD_CTX, DigestCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, pkey) != 1) return false;
    return EVP_DigestVerify(ctx.get(), sig, sig_size, reinterpret_cast<const unsigned char*>(input.data()),
                            input.size()) == 1;
}

// A JWS ES256 signature is r and s as 32 bytes each; OpenSSL verifies the DER ECDSA-Sig-Value.
bool es256_verify(EVP_PKEY* pkey, std::string_view input, const std::string& raw) {
    if (raw.size() != 64) return false;
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
    BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
    BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return false;
    }
    unsigned char* der = nullptr;
    const int der_size = i2d_ECDSA_SIG(sig.get(), &der);
    if (der_size <= 0) return false;
    const bool ok = digest_verify(pkey, EVP_sha256(), input, der, static_cast<std::size_t>(der_size));
    OPENSSL_free(der);
    return ok;
}

bool hs256_verify(const std::string& secret, std::string_view input, const std::string& sig) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
             reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_size) == nullptr)
        return false;
    return sig.size() == mac_size && CRYPTO_memcmp(mac, sig.data(), mac_size) == 0;
}

bool signature_matches(const JwtKey::Impl& key, std::string_view input, const std::string& sig) {
    switch (key.alg) {
        case JwtAlg::kHS256: return hs256_verify(key.secret, input, sig);
        case JwtAlg::kRS256:
            return digest_verify(key.pkey.get(), EVP_sha256(), input,
                                 reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
        case JwtAlg::kES256: return es256_verify(key.pkey.get(), input, sig);
        case JwtAlg::kEdDSA:
            return sig.size() == 64 && digest_verify(key.pkey.get(), nullptr, input,
                                                     reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
    }
    return false;
}

// A NumericDate claim: absent, or a number of seconds (fractions dropped); false when malformed.
bool read_date(const json::object& o, std::string_view name, std::optional<std::int64_t>& out) {
    const auto* value = o.if_contains(name);
    if (value == nullptr) return true;
    if (value->is_int64()) {
        out = value->get_int64();
        return true;
    }
    if (value->is_uint64()) return false;  // past year 292 billion
    if (value->is_double()) {
        const double d = value->get_double();
        if (!std::isfinite(d) || d < -9.0e18 || d > 9.0e18) return false;
        out = static_cast<std::int64_t>(std::floor(d));
        return true;
    }
    return false;
}

bool descriptive_ok(std::string_view s, std::size_t max) {
    return s.size() <= max && std::none_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

// A descriptive claim: its value when it is a string within `max` bytes without control
// characters, else "".
std::string descriptive_claim(const json::object& o, std::string_view name, std::size_t max) {
    const auto s = jwt_string(o, name);
    return s && descriptive_ok(*s, max) ? std::string(*s) : std::string();
}

domain::Result<JwtClaims> read_claims(const json::object& o) {
    JwtClaims c;
    if (const auto sub = jwt_string(o, "sub")) {
        if (sub->size() > kMaxSubjectBytes) return token_refused("subject too long");
        c.sub = *sub;
    }
    if (const auto iss = jwt_string(o, "iss")) {
        if (iss->size() > kMaxIssuerBytes) return token_refused("issuer too long");
        c.iss = *iss;
    }
    if (const auto* aud = o.if_contains("aud")) {
        if (aud->is_string()) {
            c.aud.emplace_back(aud->get_string());
        } else if (aud->is_array()) {
            if (aud->get_array().size() > kMaxAudiences) return token_refused("too many audiences");
            for (const auto& a : aud->get_array()) {
                if (!a.is_string()) return token_refused("malformed");
                c.aud.emplace_back(a.get_string());
            }
        } else {
            return token_refused("malformed");
        }
        for (const auto& a : c.aud)
            if (a.size() > kMaxIssuerBytes) return token_refused("audience too long");
    }
    c.name = descriptive_claim(o, "name", kMaxNameBytes);
    if (c.name.empty()) c.name = descriptive_claim(o, "preferred_username", kMaxNameBytes);
    c.email = descriptive_claim(o, "email", kMaxEmailBytes);
    if (const auto* verified = o.if_contains("email_verified"))
        c.email_verified = verified->is_bool() && verified->get_bool();
    c.badge = descriptive_claim(o, "badge", domain::kMaxBadgeBytes);
    if (const auto nonce = jwt_string(o, "nonce")) {
        if (nonce->size() > kMaxNonceBytes) return token_refused("nonce too long");
        c.nonce = *nonce;
    }
    auto add_role = [&](const json::value& v) {
        if (!v.is_string() || c.roles.size() == kMaxRoles) return;
        const std::string_view role(v.get_string().data(), v.get_string().size());
        if (!role.empty() && descriptive_ok(role, kMaxRoleBytes)) c.roles.emplace_back(role);
    };
    if (const auto* role = o.if_contains("role")) add_role(*role);
    if (const auto* roles = o.if_contains("roles"); roles && roles->is_array())
        for (const auto& r : roles->get_array()) add_role(r);
    if (!read_date(o, "exp", c.exp) || !read_date(o, "iat", c.iat) || !read_date(o, "nbf", c.nbf))
        return token_refused("malformed");
    return c;
}

domain::Result<void> check_rules(const JwtClaims& c, const JwtRules& rules) {
    const std::int64_t skew = std::max<std::int64_t>(0, rules.skew_seconds);
    if (!c.exp) return token_refused("no expiry");
    // Written as subtractions from `now` so that a huge claim cannot overflow.
    if (*c.exp <= rules.now - skew) return token_refused("expired");
    if (c.nbf && *c.nbf > rules.now + skew) return token_refused("not yet valid");
    if (c.iat && *c.iat > rules.now + skew) return token_refused("issued in the future");
    if (rules.max_lifetime_seconds > 0 && c.iat && (*c.iat < 0 || *c.exp - *c.iat > rules.max_lifetime_seconds))
        return token_refused("lifetime too long");
    if (c.sub.empty()) return token_refused("no subject");
    if (!rules.issuer.empty() && c.iss != rules.issuer) return token_refused("issuer does not match");
    if (!rules.audience.empty() && std::find(c.aud.begin(), c.aud.end(), rules.audience) == c.aud.end())
        return token_refused("audience does not match");
    return {};
}

}  // namespace

std::optional<JwtHeader> peek_jwt_header(std::string_view token) {
    const auto parts = split_jwt(token);
    if (!parts) return std::nullopt;
    const auto header = decode_jwt_object(parts->header);
    if (!header) return std::nullopt;
    const auto alg = jwt_string(*header, "alg");
    if (!alg) return std::nullopt;
    JwtHeader out;
    out.alg = *alg;
    if (const auto kid = jwt_string(*header, "kid")) out.kid = *kid;
    return out;
}

domain::Result<JwtClaims> verify_jwt(std::string_view token, const std::vector<JwtKey>& keys, const JwtRules& rules) {
    const auto parts = split_jwt(token);
    if (!parts) return token_refused("malformed");
    const auto header = decode_jwt_object(parts->header);
    if (!header) return token_refused("malformed");
    const auto alg_name = jwt_string(*header, "alg");
    if (!alg_name) return token_refused("malformed");
    const auto alg = alg_named(*alg_name);  // "none" and every other name: refused
    if (!alg) return token_refused("algorithm not allowed");
    const auto signature = domain::base64url_decode(parts->signature);
    const auto payload_bytes = domain::base64url_decode(parts->payload);
    if (!signature || signature->empty() || !payload_bytes) return token_refused("malformed");
    if (const auto* typ = header->if_contains("typ"); typ && !(typ->is_string() && iequals_ascii(typ->get_string(), "JWT")))
        return token_refused("type not allowed");
    if (header->contains("crit")) return token_refused("critical header not understood");
    const auto* kid_value = header->if_contains("kid");
    if (kid_value && !kid_value->is_string()) return token_refused("malformed");
    const std::string_view kid = kid_value ? std::string_view(kid_value->get_string().data(), kid_value->get_string().size())
                                           : std::string_view();

    bool alg_known = false, tried = false, matched = false;
    for (const auto& key : keys) {
        if (!key.impl || key.impl->alg != *alg) continue;
        alg_known = true;
        if (!kid.empty() && !key.impl->kid.empty() && kid != key.impl->kid) continue;
        tried = true;
        if (signature_matches(*key.impl, parts->signing_input, *signature)) {
            matched = true;
            break;
        }
    }
    if (!alg_known) return token_refused("algorithm not allowed");
    if (!tried) return token_refused("no key for this token");
    if (!matched) return token_refused("signature does not match");

    // Only now is the payload read as JSON: its bytes are the signer's.
    const auto payload = parse_jwt_object(*payload_bytes);
    if (!payload) return token_refused("malformed");
    auto claims = read_claims(*payload);
    if (!claims) return claims.error();
    if (auto ok = check_rules(*claims, rules); !ok) return ok.error();
    ERR_clear_error();
    return claims;
}

}  // namespace tribune::outbound
