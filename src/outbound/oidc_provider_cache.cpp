#include <algorithm>

#include "outbound/oidc_client.hpp"

namespace tribune::outbound {
namespace {

domain::Error keys_unavailable(std::string message) {
    return domain::make_error(domain::ErrorCode::kUnavailable, "Server unreachable", std::move(message));
}

}  // namespace

OidcProviderCache::OidcProviderCache(std::string issuer, FetchOptions options, std::chrono::seconds min_refresh,
                                     std::chrono::seconds retry_after)
    : issuer_(std::move(issuer)), options_(options), min_refresh_(min_refresh), retry_after_(retry_after) {}

domain::Result<OidcDiscovery> OidcProviderCache::discovery() {
    std::lock_guard lock(mutex_);
    if (discovery_) return *discovery_;
    const auto now = std::chrono::steady_clock::now();
    if (discovery_failure_ && now - discovery_failed_at_ < retry_after_) return *discovery_failure_;
    auto d = fetch_discovery(issuer_, options_);
    if (!d) {
        discovery_failure_ = d.error();
        discovery_failed_at_ = now;
        return d.error();
    }
    discovery_failure_.reset();
    discovery_ = *d;
    return d;
}

domain::Result<std::vector<JwtKey>> OidcProviderCache::keys_for(std::string_view id_token) {
    const auto header = peek_jwt_header(id_token);
    if (!header) return domain::make_error(domain::ErrorCode::kUnauthenticated, "Invalid token", "malformed");
    auto d = discovery();
    if (!d) return d.error();
    // Held across the fetch on purpose: concurrent sign-ins wait for one fetch instead of each making their own.
    std::lock_guard lock(mutex_);
    const bool known = header->kid.empty() || std::any_of(keys_.begin(), keys_.end(), [&](const JwtKey& k) {
                           return k.kid() == header->kid;
                       });
    if (have_keys_ && known) return keys_;
    const auto now = std::chrono::steady_clock::now();
    if (have_keys_ && now - keys_fetched_ < min_refresh_) return keys_;  // verify_jwt says "no key for this token"
    if (auto ok = refresh_keys_locked(*d); !ok) return ok.error();
    return keys_;
}

domain::Result<void> OidcProviderCache::refresh_keys_locked(const OidcDiscovery& d) {
    // Counted from the attempt: a provider that fails is not asked again at once either.
    keys_fetched_ = std::chrono::steady_clock::now();
    auto response = http_get(d.jwks_uri, options_);
    if (!response) return response.error();
    if (response->status_code != 200)
        return keys_unavailable(d.jwks_uri + " answered HTTP " + std::to_string(response->status_code));
    auto keys = parse_jwks(response->body);
    if (!keys) return keys.error();
    keys_ = std::move(*keys);
    have_keys_ = true;
    return {};
}

}  // namespace tribune::outbound
