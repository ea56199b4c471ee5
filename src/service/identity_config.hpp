#pragma once
// How readers may sign in on this install: the newsroom's SSO keys, the OpenID providers, whether
// email links can be mailed, and where a finished sign-in may send the browser back to. Built
// from configuration at start (app/service_rules.cpp); the same on every node.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "outbound/jwt.hpp"
#include "outbound/oidc_client.hpp"

namespace tribune::service {

/// One configured OpenID provider ("Sign in with <label>").
struct OidcProviderConfig {
    std::string name;           // [a-z0-9_-]{1,32}: the path segment and the identity's provider
    std::string label;          // the button's text
    std::string issuer;
    std::string client_id;
    std::string client_secret;
    /// Its discovery document and keys, fetched when first needed (internally synchronised).
    std::shared_ptr<outbound::OidcProviderCache> cache;
};

struct IdentityConfig {
    std::vector<outbound::JwtKey> sso_keys;  // empty: SSO is off
    std::string sso_audience;                // checked when not ""
    bool sso_trust_roles = false;            // take `role`/`roles` from SSO tokens (never admin)
    std::vector<OidcProviderConfig> oidc_providers;
    bool email_links = false;                // mail is configured, so sign-in links can be sent
    std::string site_url;                    // absolute, no trailing '/': links and redirect URIs
    /// Origins of host pages a sign-in may hand its result to (allowed_origins, without "*":
    /// a wildcard would let any site receive a reader's sign-in).
    std::vector<std::string> return_origins;

    const OidcProviderConfig* provider(std::string_view name) const {
        for (const auto& p : oidc_providers)
            if (p.name == name) return &p;
        return nullptr;
    }
    bool sso() const { return !sso_keys.empty(); }
};

}  // namespace tribune::service
