#pragma once
// Who sent a request: the admin bearer token, an author token (cookie or bearer), or nobody.

#include <string>

#include "domain/viewer.hpp"
#include "http/config.hpp"
#include "http/request.hpp"

namespace tribune::http {

inline constexpr std::string_view kAuthorCookie = "tribune_author";
inline constexpr std::string_view kNameCookie = "tribune_name";

struct Identity {
    domain::Viewer viewer;
    std::string author_token;  // the raw token the request carried, if it is well-formed
    bool credentials = false;  // the request carried any credentials at all
};

/// Reads `Authorization: Bearer` (admin token or author token) and the author cookie.
Identity identify(const Request& req, const HttpConfig& config);

/// The Set-Cookie value for an author token.
std::string author_cookie(const std::string& token, const HttpConfig& config);

/// The Set-Cookie value for the reader's display name.
std::string name_cookie(const std::string& name, const HttpConfig& config);

}  // namespace tribune::http
