#include "http/identity.hpp"

#include <cctype>

#include "service/author_token.hpp"
#include "http/client_network.hpp"

namespace tribune::http {
namespace {

std::string cookie_attributes(const HttpConfig& config, bool http_only) {
    std::string a = "; Path=/; Max-Age=31536000; SameSite=Lax";
    if (http_only) a += "; HttpOnly";
    if (config.secure_cookies) a += "; Secure";
    return a;
}

std::string percent_encode_cookie(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

}  // namespace

std::optional<std::string_view> proxied_address(const Request& req, const HttpConfig& config) {
    if (!config.trust_proxy || !config.trusted_proxies.allows(req.remote_address)) return std::nullopt;
    auto real = req.header("x-real-ip");
    if (!real || !client_network(*real)) return std::nullopt;
    return real;
}

std::string client_ip(const Request& req, const HttpConfig& config) {
    if (auto real = proxied_address(req, config)) return *client_network(*real);
    if (auto network = client_network(req.remote_address)) return *network;
    return req.remote_address;  // not an IP address (a test's fake request): taken as it is
}

Identity identify(const Request& req, const HttpConfig& config) {
    Identity id;
    id.client_ip = client_ip(req, config);
    std::string token;
    if (auto auth = req.header("authorization")) {
        id.credentials = true;
        constexpr std::string_view kBearer = "Bearer ";
        if (auth->size() > kBearer.size() && auth->substr(0, kBearer.size()) == kBearer) {
            const std::string_view presented = auth->substr(kBearer.size());
            if (!config.admin_token.empty() && service::secret_equals(presented, config.admin_token)) {
                id.viewer.role = domain::Role::kAdmin;
                id.admin_token = true;
                return id;
            }
            if (presented.starts_with(kSessionBearerPrefix) &&
                service::is_author_token(presented.substr(kSessionBearerPrefix.size()))) {
                id.bearer_session = std::string(presented.substr(kSessionBearerPrefix.size()));
                return id;
            }
            token = std::string(presented);
        }
        id.unknown_bearer = !service::is_author_token(token);
    }
    if (token.empty()) {
        if (auto cookie = req.cookie(cookie_name(kAuthorCookie, config))) {
            id.credentials = true;
            token = std::move(*cookie);
        }
    }
    if (service::is_author_token(token)) {
        id.author_token = token;
        id.viewer.author_token_hash = service::hash_author_token(token);
    }
    return id;
}

std::string cookie_name(std::string_view base, const HttpConfig& config) {
    return config.secure_cookies ? "__Host-" + std::string(base) : std::string(base);
}

bool has_credential_cookie(const Request& req) {
    for (std::string_view base : {kSessionCookie, kAuthorCookie})
        if (req.cookie(base) || req.cookie("__Host-" + std::string(base))) return true;
    return false;
}

std::string author_cookie(const std::string& token, const HttpConfig& config) {
    return cookie_name(kAuthorCookie, config) + "=" + token + cookie_attributes(config, true);
}

std::string name_cookie(const std::string& name, const HttpConfig& config) {
    return cookie_name(kNameCookie, config) + "=" + percent_encode_cookie(name) + cookie_attributes(config, true);
}

}  // namespace tribune::http
