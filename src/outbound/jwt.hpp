#pragma once
// JSON Web Tokens (RFC 7519) in compact JWS form (RFC 7515), verified with OpenSSL: HS256 with a
// shared secret, RS256 and ES256 and EdDSA (Ed25519) with public keys. Each key carries the one
// algorithm it may verify, and a token's header must name exactly that algorithm: an HS256 token
// is never checked against a public key used as a secret, `alg: none` is never accepted. Token
// text is never logged or echoed in errors.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace tribune::outbound {

enum class JwtAlg { kHS256, kRS256, kES256, kEdDSA };

std::string_view to_string(JwtAlg alg);

inline constexpr std::size_t kMaxJwtBytes = 8 * 1024;

/// A key that may verify tokens of one algorithm. Opaque (holds an OpenSSL key); cheap to copy.
class JwtKey {
public:
    /// An HS256 key: the secret's bytes as configured (at least 32 bytes). Errors: kInvalid.
    static domain::Result<JwtKey> hmac(std::string_view secret);
    /// A public key in PEM (SubjectPublicKeyInfo): RSA (>= 2048 bits) verifies RS256, EC P-256
    /// ES256, Ed25519 EdDSA. Errors: kInvalid naming what is wrong (never the PEM).
    static domain::Result<JwtKey> public_pem(std::string_view pem);

    JwtAlg alg() const;
    const std::string& kid() const;  // "" when the key has no id (configured keys)
    void set_kid(std::string kid);

    struct Impl;
    std::shared_ptr<const Impl> impl;
};

/// A JSON Web Key Set (RFC 7517) as an OpenID provider publishes it: RSA keys (kty RSA, n, e)
/// verify RS256, EC P-256 keys (kty EC, crv P-256, x, y) ES256, OKP Ed25519 keys EdDSA. Keys
/// whose `use` is not "sig", whose `alg` names another algorithm, or of other types are skipped.
/// At most 64 KiB of JSON and 32 keys. Errors: kInvalid (not a key set).
domain::Result<std::vector<JwtKey>> parse_jwks(std::string_view json);

/// What a verified token says. String claims that are not strings are treated as absent.
struct JwtClaims {
    std::string sub;
    std::string iss;
    std::vector<std::string> aud;      // a string `aud` becomes one entry
    std::string name;                  // `name`, else `preferred_username`, else ""
    std::string email;
    bool email_verified = false;       // the `email_verified` claim is true
    std::string badge;
    std::string nonce;
    std::vector<std::string> roles;    // `role` (a string) or `roles` (strings)
    std::optional<std::int64_t> exp, iat, nbf;
};

/// What a token must satisfy besides its signature.
struct JwtRules {
    std::int64_t now = 0;              // seconds since the epoch
    std::int64_t skew_seconds = 60;    // allowed clock difference for exp, nbf and iat
    std::string audience;              // when not "", `aud` must contain it
    std::string issuer;                // when not "", `iss` must equal it
    std::int64_t max_lifetime_seconds = 0;  // when > 0 and iat is given, exp - iat must not exceed it
};

/// The `kid` and `alg` of a token's header, unverified: for choosing (or refreshing) keys.
/// nullopt when the header cannot be read.
struct JwtHeader {
    std::string alg;
    std::string kid;
};
std::optional<JwtHeader> peek_jwt_header(std::string_view token);

/// Verifies `token` against `keys` (a key is tried when its algorithm matches the header's and,
/// when both have one, its kid matches) and `rules`: `exp` required and not past, `nbf` and `iat`
/// not in the future (with the skew), `sub` non-empty. Errors: kUnauthenticated with a detail
/// that names the reason ("expired", "signature does not match", "audience does not match",
/// "algorithm not allowed", "no key for this token", "malformed"), never the token.
domain::Result<JwtClaims> verify_jwt(std::string_view token, const std::vector<JwtKey>& keys, const JwtRules& rules);

}  // namespace tribune::outbound
