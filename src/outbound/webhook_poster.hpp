#pragma once
// Posting one webhook delivery to an outside endpoint, safely: only http and https, no
// redirects followed, a short timeout, a cap on what is read back, and (unless private
// addresses are allowed) no connection to loopback, private, link-local or metadata addresses:
// the host is resolved once and the connection pinned to the checked address, so a name that
// changes its answer between the check and the connection cannot slip through.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace tribune::outbound {

struct PostOptions {
    bool allow_private = false;                        // webhooks_allow_private
    std::chrono::milliseconds timeout{10'000};         // connect + whole exchange
    std::size_t max_response_bytes = 64 * 1024;        // read back at most this much
    const std::atomic<bool>* cancel = nullptr;         // when it turns true, a post in progress ends
};

struct WebhookRequest {
    std::string url;
    std::string body;                                           // JSON
    std::vector<std::pair<std::string, std::string>> headers;   // besides Content-Type and User-Agent
};

/// How one POST went. `error` is "" when a response came back (any status); otherwise it says,
/// in words safe to show an admin, why not (refused address, timeout, TLS, ...).
struct WebhookResponse {
    int status_code = 0;
    std::string error;
    int duration_ms = 0;
    bool ok() const { return error.empty() && status_code >= 200 && status_code < 300; }
};

class WebhookPoster {
public:
    virtual ~WebhookPoster() = default;
    /// Blocks for at most the timeout. Never throws.
    virtual WebhookResponse post(const WebhookRequest& request) = 0;
};

/// The real poster, over libcurl.
std::unique_ptr<WebhookPoster> make_webhook_poster(const PostOptions& options);

/// Whether `url` may be an endpoint: absolute http or https, a host, no user or password, at
/// most 2048 bytes, no fragment; and unless `allow_private`, a host that is not (and, with
/// `resolve`, does not resolve only to) a loopback, private, link-local, metadata or otherwise
/// non-public address. Errors: kInvalid with a message safe to show.
domain::Result<void> check_webhook_url(std::string_view url, bool allow_private, bool resolve);

}  // namespace tribune::outbound
