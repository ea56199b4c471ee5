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
#include "http/address_allowlist.hpp"
#include "render/views.hpp"
#include "service/context.hpp"

namespace tribune::http {

/// The use cases' rules (service::Rules: limits, policy defaults, session times) and the transport's.
struct HttpConfig : service::Rules {
    std::string admin_token;  // empty: no bearer token grants admin rights
    domain::ModerationMode moderation = domain::ModerationMode::kPreModerate;
    render::SiteInfo site;
    bool secure_cookies = false;  // behind TLS: cookies get the Secure attribute
    bool trust_proxy = false;     // behind a reverse proxy: the client address is X-Real-IP ...
    AddressAllowlist trusted_proxies;  // ... when the peer is one of these
    // GET /metrics: off (404) while both are empty; else every one set must be satisfied.
    std::string metrics_token;       // a bearer token of 32+ characters
    AddressAllowlist metrics_allow;  // the addresses and networks that may scrape
    std::vector<std::string> allowed_origins;  // other sites that may embed the discussion ("*": any)
    std::size_t max_live_connections = 50000;  // live streams past this get 503 (clamped to descriptors)
    std::size_t max_live_per_address = 1000;   // ... and past this from one client network, 429
    std::size_t live_queue_frames = 256;       // a live client this far behind is disconnected
    std::size_t live_queue_bytes = 512 * 1024;  // ... or with this many bytes of events waiting
    std::string live_insert = "auto";          // article pages' data-live-insert (web/embed.js)
    bool compression = true;                   // gzip/br forms of static files and cached thread bodies
};


}  // namespace tribune::http
