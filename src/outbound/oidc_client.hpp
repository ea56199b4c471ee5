#pragma once
// The relying-party half of OpenID Connect's authorization code flow with PKCE: the provider's
// discovery document, the URL the browser is sent to, the code exchanged for an ID token, and
// the provider's signing keys, cached and fetched again when a token names a key not yet seen
// (a provider rotating its keys). The ID token itself is checked by the caller with verify_jwt
// (issuer, audience = client id, nonce).

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "outbound/http_fetch.hpp"
#include "outbound/jwt.hpp"

namespace tribune::outbound {

/// What a provider's /.well-known/openid-configuration says (the parts this flow uses).
struct OidcDiscovery {
    std::string issuer;
    std::string authorization_endpoint;
    std::string token_endpoint;
    std::string jwks_uri;
};

/// Fetches and checks the discovery document of `issuer` (its `issuer` must equal `issuer`
/// exactly, every endpoint must pass check_fetch_url). Errors: kUnavailable, kInvalid.
domain::Result<OidcDiscovery> fetch_discovery(std::string_view issuer, const FetchOptions& options);

/// A PKCE verifier (43 characters of base64url from 32 random bytes) and its S256 challenge.
std::string new_pkce_verifier();
std::string pkce_challenge(std::string_view verifier);

/// The authorization request URL: response_type=code, scope "openid email profile", client_id,
/// redirect_uri, state, nonce, code_challenge and code_challenge_method=S256.
std::string authorization_url(const OidcDiscovery& d, std::string_view client_id, std::string_view redirect_uri,
                              std::string_view state, std::string_view nonce, std::string_view code_challenge);

/// Exchanges `code` at the token endpoint (grant_type=authorization_code, client_secret_basic,
/// the PKCE verifier) and returns the `id_token`. Errors: kUnauthenticated (the provider
/// refused the code: its `error` in the detail), kUnavailable (network), kInvalid (no id_token).
domain::Result<std::string> exchange_code(const OidcDiscovery& d, std::string_view client_id,
                                          std::string_view client_secret, std::string_view code,
                                          std::string_view redirect_uri, std::string_view code_verifier,
                                          const FetchOptions& options);

/// One provider's discovery document and signing keys, fetched on first use and kept; the keys
/// fetched again when a token's kid is unknown (at most once per `min_refresh`, so a flood of
/// made-up kids cannot make Tribune hammer the provider). A failed discovery is remembered for
/// `retry_after`, so a provider that is down is not asked (and waited for) by every sign-in.
/// Thread-safe.
class OidcProviderCache {
public:
    OidcProviderCache(std::string issuer, FetchOptions options,
                      std::chrono::seconds min_refresh = std::chrono::seconds(60),
                      std::chrono::seconds retry_after = std::chrono::seconds(30));

    /// The discovery document (fetched once; fetched again `retry_after` after a failure).
    domain::Result<OidcDiscovery> discovery();

    /// The keys to verify `id_token` with: the cached set, refreshed first when the token's kid
    /// is not in it (or nothing is cached yet).
    domain::Result<std::vector<JwtKey>> keys_for(std::string_view id_token);

private:
    domain::Result<void> refresh_keys_locked(const OidcDiscovery& d);

    std::string issuer_;
    FetchOptions options_;
    std::chrono::seconds min_refresh_;
    std::chrono::seconds retry_after_;
    std::mutex mutex_;
    std::optional<OidcDiscovery> discovery_;
    std::optional<domain::Error> discovery_failure_;
    std::chrono::steady_clock::time_point discovery_failed_at_{};
    std::vector<JwtKey> keys_;
    std::chrono::steady_clock::time_point keys_fetched_{};
    bool have_keys_ = false;
};

}  // namespace tribune::outbound
