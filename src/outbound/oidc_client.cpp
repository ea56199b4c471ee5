#include "outbound/oidc_client.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <boost/json.hpp>

#include <stdexcept>
#include <utility>

#include "domain/base64url.hpp"

namespace tribune::outbound {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxProviderErrorBytes = 64;
constexpr std::size_t kMaxProviderDescriptionBytes = 200;

domain::Error discovery_invalid(std::string message) {
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid OpenID provider", std::move(message));
}

std::optional<json::object> oidc_json_object(std::string_view body) {
    boost::system::error_code ec;
    auto value = json::parse(body, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.get_object());
}

std::string oidc_string(const json::object& o, std::string_view name) {
    const auto* value = o.if_contains(name);
    return value && value->is_string() ? std::string(value->get_string()) : std::string();
}

// A provider's words, bounded and reduced to printable ASCII, fit for a log line and a detail.
std::string provider_words(const json::object& o, std::string_view name, std::size_t max) {
    std::string out;
    for (unsigned char c : oidc_string(o, name)) {
        if (out.size() == max) break;
        out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
    }
    return out;
}

}  // namespace

domain::Result<OidcDiscovery> fetch_discovery(std::string_view issuer, const FetchOptions& options) {
    if (auto ok = check_fetch_url(issuer); !ok) return ok.error();
    std::string url(issuer);
    if (!url.empty() && url.back() == '/') url.pop_back();
    url += "/.well-known/openid-configuration";
    auto response = http_get(url, options);
    if (!response) return response.error();
    if (response->status_code != 200)
        return domain::make_error(domain::ErrorCode::kUnavailable, "Server unreachable",
                                  url + " answered HTTP " + std::to_string(response->status_code));
    const auto doc = oidc_json_object(response->body);
    if (!doc) return discovery_invalid(url + " is not a JSON object");
    OidcDiscovery d;
    d.issuer = oidc_string(*doc, "issuer");
    if (d.issuer != issuer)
        return discovery_invalid("the discovery document names the issuer \"" + provider_words(*doc, "issuer", 200) +
                                 "\", not \"" + std::string(issuer) + "\"");
    d.authorization_endpoint = oidc_string(*doc, "authorization_endpoint");
    d.token_endpoint = oidc_string(*doc, "token_endpoint");
    d.jwks_uri = oidc_string(*doc, "jwks_uri");
    const std::pair<const char*, const std::string*> endpoints[] = {
        {"authorization_endpoint", &d.authorization_endpoint}, {"token_endpoint", &d.token_endpoint}, {"jwks_uri", &d.jwks_uri}};
    for (const auto& [name, value] : endpoints)
        if (auto ok = check_fetch_url(*value); !ok)
            return discovery_invalid(std::string("the discovery document's ") + name + ": " + ok.error().message);
    return d;
}

std::string new_pkce_verifier() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes for a PKCE verifier");
    return domain::base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string pkce_challenge(std::string_view verifier) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(verifier.data(), verifier.size(), digest, &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return domain::base64url_encode(std::string_view(reinterpret_cast<const char*>(digest), size));
}

std::string authorization_url(const OidcDiscovery& d, std::string_view client_id, std::string_view redirect_uri,
                              std::string_view state, std::string_view nonce, std::string_view code_challenge) {
    std::string url = d.authorization_endpoint;
    url += url.find('?') == std::string::npos ? '?' : '&';
    url += "response_type=code&scope=openid+email+profile";
    url += "&client_id=" + form_urlencode(client_id);
    url += "&redirect_uri=" + form_urlencode(redirect_uri);
    url += "&state=" + form_urlencode(state);
    url += "&nonce=" + form_urlencode(nonce);
    url += "&code_challenge=" + form_urlencode(code_challenge);
    url += "&code_challenge_method=S256";
    return url;
}

domain::Result<std::string> exchange_code(const OidcDiscovery& d, std::string_view client_id,
                                          std::string_view client_secret, std::string_view code,
                                          std::string_view redirect_uri, std::string_view code_verifier,
                                          const FetchOptions& options) {
    std::string form = "grant_type=authorization_code&code=" + form_urlencode(code) +
                       "&redirect_uri=" + form_urlencode(redirect_uri) +
                       "&code_verifier=" + form_urlencode(code_verifier);
    // A public client (no secret) names itself in the form instead (RFC 6749 section 4.1.3).
    if (client_secret.empty()) form += "&client_id=" + form_urlencode(client_id);
    auto response = http_post_form(d.token_endpoint, form, client_secret.empty() ? std::string_view() : client_id,
                                   client_secret, options);
    if (!response) return response.error();
    const auto answer = oidc_json_object(response->body);
    if (response->status_code >= 400 && response->status_code < 500) {
        std::string detail = "the provider refused the code";
        if (answer) {
            const auto error = provider_words(*answer, "error", kMaxProviderErrorBytes);
            const auto description = provider_words(*answer, "error_description", kMaxProviderDescriptionBytes);
            if (!error.empty()) detail += ": " + error;
            if (!description.empty()) detail += " (" + description + ")";
        } else {
            detail += " (HTTP " + std::to_string(response->status_code) + ")";
        }
        return domain::make_error(domain::ErrorCode::kUnauthenticated, "Sign-in refused", std::move(detail));
    }
    if (response->status_code != 200)
        return domain::make_error(domain::ErrorCode::kUnavailable, "Server unreachable",
                                  d.token_endpoint + " answered HTTP " + std::to_string(response->status_code));
    const std::string id_token = answer ? oidc_string(*answer, "id_token") : std::string();
    if (id_token.empty() || id_token.size() > kMaxJwtBytes)
        return domain::make_error(domain::ErrorCode::kInvalid, "Invalid OpenID provider",
                                  "the token endpoint's answer holds no usable id_token");
    return id_token;
}

}  // namespace tribune::outbound
