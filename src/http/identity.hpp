#pragma once
// Who sent a request: the admin bearer token, an author token (cookie or bearer), or nobody.

#include <optional>
#include <string>
#include <string_view>

#include "domain/viewer.hpp"
#include "http/config.hpp"
#include "http/request.hpp"
#include "service/actor.hpp"

namespace tribune::http {

inline constexpr std::string_view kAuthorCookie = "tribune_author";
inline constexpr std::string_view kNameCookie = "tribune_name";

inline constexpr std::string_view kSessionCookie = "tribune_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";
inline constexpr std::string_view kCsrfField = "csrf_token";

/// A session token sent as `Authorization: Bearer tss_<token>` (the widget on another site,
/// where no cookie of ours may be sent): a session without CSRF, since no browser adds it alone.
inline constexpr std::string_view kSessionBearerPrefix = "tss_";

/// A request's actor (service/actor.hpp) with what only the transport needs.
struct Identity : service::Actor {
    bool unknown_bearer = false;  // Authorization named neither the admin token nor an author token
    std::string bearer_session;   // the session token of `Bearer tss_...`, to look up (authenticate())
    std::string csrf_token;       // the session's CSRF token, for the forms a page renders
};

/// The name a cookie goes by: behind https (secure_cookies), "__Host-" + `base`. Browsers take
/// such a cookie only from a secure page, with Path=/ and no Domain, so neither a plain-http
/// page nor a sibling subdomain can plant or overwrite it.
std::string cookie_name(std::string_view base, const HttpConfig& config);

/// The request carries a session or author cookie, under either name (for what may be cached
/// or shared: erring towards "credentialed" is safe).
bool has_credential_cookie(const Request& req);

/// Reads `Authorization: Bearer` (admin token or author token) and the author cookie. Does not
/// look at the session cookie (that needs the store: authenticate() in session_auth.hpp).
Identity identify(const Request& req, const HttpConfig& config);

/// The client's address as a trusted reverse proxy names it: X-Real-IP when config.trust_proxy,
/// the peer is in config.trusted_proxies and the header holds an IP address. Anyone else who
/// sends the header is judged by their own address.
std::optional<std::string_view> proxied_address(const Request& req, const HttpConfig& config);

/// The client's network, what limits, bans and reports count by (client_network(): an IPv4
/// address or an IPv6 /64): of proxied_address() when there is one, else of the peer address.
std::string client_ip(const Request& req, const HttpConfig& config);

/// The Set-Cookie value for an author token.
std::string author_cookie(const std::string& token, const HttpConfig& config);

/// The Set-Cookie value for the reader's display name.
std::string name_cookie(const std::string& name, const HttpConfig& config);

}  // namespace tribune::http
