#pragma once
// What the HTTP layer is told by configuration.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/limits.hpp"
#include "domain/moderation.hpp"
#include "domain/policy.hpp"
#include "render/views.hpp"

namespace tribune::http {

struct HttpConfig {
    std::string admin_token;  // empty: no bearer token grants admin rights
    domain::ModerationMode moderation = domain::ModerationMode::kPreModerate;
    domain::InstallPolicy policy;  // defaults until an admin changes them at the desk
    domain::Limits limits;
    render::SiteInfo site;
    bool secure_cookies = false;  // behind TLS: cookies get the Secure attribute
    bool trust_proxy = false;     // behind a reverse proxy: the client address is X-Real-IP
    std::chrono::seconds session_lifetime{14 * 24 * 3600};
    std::vector<std::string> allowed_origins;  // other sites that may embed the discussion ("*": any)
    std::size_t max_live_connections = 50000;  // live streams past this get 503
    std::size_t live_queue_frames = 256;       // a live client this far behind is disconnected
    std::string live_insert = "auto";          // article pages' data-live-insert (web/embed.js)
};


}  // namespace tribune::http
