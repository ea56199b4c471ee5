#pragma once
// Plain HTTP requests to servers an admin configured (OpenID providers): GET a JSON document,
// POST a form. Only https, or http to a loopback address; no redirects followed; a timeout and
// a cap on what is read. Unlike webhook_poster, private addresses are allowed: the admin chose
// this server, and a provider inside the newsroom's network is normal.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace tribune::outbound {

struct FetchOptions {
    std::chrono::milliseconds timeout{10'000};
    std::size_t max_response_bytes = 256 * 1024;
};

struct FetchResponse {
    int status_code = 0;
    std::string content_type;
    std::string body;
};

/// Whether `url` may be fetched: absolute https, or http whose host is a loopback address or
/// "localhost"; no user info; at most 2048 bytes. Errors: kInvalid with a message safe to show.
domain::Result<void> check_fetch_url(std::string_view url);

/// GET `url` with `Accept: application/json`. Errors: kInvalid (check_fetch_url), kUnavailable
/// (network, TLS, timeout, response too large) with a message safe to log.
domain::Result<FetchResponse> http_get(std::string_view url, const FetchOptions& options);

/// POST `form` (application/x-www-form-urlencoded) to `url`, with HTTP Basic authentication when
/// `user` is not "" (client_secret_basic: user and password are form-urlencoded first, as
/// RFC 6749 section 2.3.1 asks). Errors as http_get.
domain::Result<FetchResponse> http_post_form(std::string_view url, std::string_view form, std::string_view user,
                                             std::string_view password, const FetchOptions& options);

/// `s` form-urlencoded (application/x-www-form-urlencoded: unreserved characters kept, space as
/// "+", everything else %XX).
std::string form_urlencode(std::string_view s);

}  // namespace tribune::outbound
