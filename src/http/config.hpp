#pragma once
// What the HTTP layer is told by configuration.

#include <string>

#include "domain/limits.hpp"
#include "domain/policy.hpp"
#include "render/views.hpp"

namespace tribune::http {

struct HttpConfig {
    std::string admin_token;  // empty: no bearer token grants admin rights
    domain::ModerationMode moderation = domain::ModerationMode::kPreModerate;
    domain::Limits limits;
    render::SiteInfo site;
    bool secure_cookies = false;  // behind TLS: cookies get the Secure attribute
};

}  // namespace tribune::http
