#include "app/identity_settings.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "outbound/http_fetch.hpp"

namespace tribune::app {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxProviders = 16;
constexpr std::size_t kMaxPemFileBytes = 16 * 1024;  // as outbound::JwtKey::public_pem takes

bool is_provider_name(std::string_view s) {
    if (s.empty() || s.size() > 32) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

std::string string_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The providers of `text` (a JSON array of objects), or a message.
std::optional<std::string> read_providers(const std::string& text, std::vector<service::OidcProviderConfig>& out) {
    if (text.empty()) return std::nullopt;
    boost::system::error_code ec;
    const json::value doc = json::parse(text, ec);
    if (ec || !doc.is_array()) return "oidc_providers must be a list of providers (name, label, issuer, client_id, client_secret)";
    if (doc.as_array().size() > kMaxProviders) return "oidc_providers: at most 16 providers";
    for (const auto& item : doc.as_array()) {
        if (!item.is_object()) return "oidc_providers: each provider is a table (name, label, issuer, client_id, client_secret)";
        const auto& o = item.as_object();
        service::OidcProviderConfig p;
        p.name = string_field(o, "name");
        p.label = string_field(o, "label");
        p.issuer = string_field(o, "issuer");
        p.client_id = string_field(o, "client_id");
        p.client_secret = string_field(o, "client_secret");
        if (!is_provider_name(p.name)) return "oidc_providers: name must be 1-32 of a-z, 0-9, - and _ (got \"" + p.name.substr(0, 40) + "\")";
        for (const auto& q : out)
            if (q.name == p.name) return "oidc_providers: two providers named " + p.name;
        if (p.label.empty()) p.label = p.name;
        if (p.label.size() > 80) return "oidc_providers: " + p.name + ": label is longer than 80 bytes";
        if (auto ok = outbound::check_fetch_url(p.issuer); !ok)
            return "oidc_providers: " + p.name + ": issuer " + ok.error().message;
        if (p.client_id.empty() || p.client_id.size() > 255) return "oidc_providers: " + p.name + ": client_id is required";
        if (p.client_secret.empty() || p.client_secret.size() > 1024)
            return "oidc_providers: " + p.name + ": client_secret is required";
        out.push_back(std::move(p));
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_identity_settings(Config& c) {
    if (!c.sso_secret.empty())
        if (auto key = outbound::JwtKey::hmac(c.sso_secret); !key)
            return "sso_secret: " + key.error().message + " (e.g. openssl rand -hex 32)";
    if (!c.sso_public_key.empty()) {
        if (!c.sso_public_key.starts_with("-----BEGIN")) {
            std::ifstream in(c.sso_public_key, std::ios::binary);
            if (!in) return "sso_public_key: cannot read " + c.sso_public_key + " (give a PEM file or the PEM itself)";
            std::ostringstream pem;
            pem << in.rdbuf();
            if (pem.str().size() > kMaxPemFileBytes) return "sso_public_key: " + c.sso_public_key + " is over 16 KiB";
            c.sso_public_key = pem.str();
        }
        if (auto key = outbound::JwtKey::public_pem(c.sso_public_key); !key)
            return "sso_public_key: " + key.error().message;
    }
    if (c.sso_audience.size() > 255) return "sso_audience: at most 255 bytes";
    std::vector<service::OidcProviderConfig> providers;
    return read_providers(c.oidc_providers, providers);
}

service::IdentityConfig identity_config(const Config& c) {
    service::IdentityConfig out;
    if (!c.sso_secret.empty())
        if (auto key = outbound::JwtKey::hmac(c.sso_secret)) out.sso_keys.push_back(std::move(*key));
    if (!c.sso_public_key.empty())
        if (auto key = outbound::JwtKey::public_pem(c.sso_public_key)) out.sso_keys.push_back(std::move(*key));
    out.sso_audience = c.sso_audience;
    out.sso_trust_roles = c.sso_trust_roles;
    (void)read_providers(c.oidc_providers, out.oidc_providers);
    for (auto& p : out.oidc_providers)
        // An ID token reaches the key cache only from Tribune's own call to the provider's token
        // endpoint, so a kid not seen yet is the provider's rotation, never an attacker's choice:
        // its keys are fetched again at once (min_refresh 0).
        p.cache = std::make_shared<outbound::OidcProviderCache>(p.issuer, outbound::FetchOptions{},
                                                                std::chrono::seconds(0));
    return out;
}

}  // namespace tribune::app
