#pragma once
// The parts of an outside server's URL the outbound module checks before connecting, split by
// libcurl's own URL parser (the one that will connect), so that the check and the connection
// read the URL the same way.

#include <initializer_list>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace tribune::outbound {

inline constexpr std::size_t kMaxOutboundUrlBytes = 2048;

struct UrlParts {
    std::string scheme;  // lower case
    std::string host;    // lower case; an IPv6 literal without its brackets
    bool host_is_ipv6 = false;
    int port = 0;        // the URL's port, or the scheme's default
};

/// Splits an absolute URL whose scheme is one of `schemes`. Refused (kInvalid, with a message
/// safe to show): more than kMaxOutboundUrlBytes, white space, control or non-ASCII bytes, no
/// host, a user name or password, a fragment, an IPv6 zone ("%eth0").
domain::Result<UrlParts> split_outbound_url(std::string_view url, std::initializer_list<std::string_view> schemes);

/// "host" or "[v6]", as written in a URL or in CURLOPT_RESOLVE.
std::string url_host(const UrlParts& parts);

/// Whether the host names this machine without a lookup: "localhost", "*.localhost" (RFC 6761).
bool is_localhost_name(std::string_view host);

}  // namespace tribune::outbound
