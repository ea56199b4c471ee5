#include "outbound/webhook_poster.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <exception>

#include "outbound/address_class.hpp"
#include "outbound/curl_global.hpp"
#include "outbound/host_resolver.hpp"
#include "outbound/url_parts.hpp"

namespace tribune::outbound {
namespace {

using PostClock = std::chrono::steady_clock;

// Addresses pinned for one host: enough for a dual-stack endpoint behind a few load balancers.
constexpr std::size_t kMaxPinnedAddresses = 8;

// What one transfer's callbacks share with the code that started it.
struct PostTransfer {
    std::size_t max_response_bytes = 0;
    std::size_t received = 0;
    bool capped = false;
    bool allow_private = false;
    std::string refused_address;  // set when the socket guard refused to connect
};

std::size_t webhook_response_sink(char*, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<PostTransfer*>(user);
    const std::size_t bytes = size * count;
    if (bytes > transfer->max_response_bytes - transfer->received) {
        transfer->capped = true;
        return 0;  // short: libcurl stops reading
    }
    transfer->received += bytes;
    return bytes;
}

// The second guard: whatever address libcurl is about to connect to (whatever resolved it) is
// checked here, just before the socket exists.
curl_socket_t webhook_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
    auto* transfer = static_cast<PostTransfer*>(user);
    if (!transfer->allow_private) {
        const auto kind = classify_socket_address(&address->addr);
        if (!kind || *kind != AddressClass::kPublic) {
            transfer->refused_address = kind ? std::string(describe(*kind)) : "unknown";
            return CURL_SOCKET_BAD;
        }
    }
    return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

bool webhook_header_name_ok(std::string_view name) {
    if (name.empty() || name.size() > 256) return false;
    return std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

bool webhook_header_value_ok(std::string_view value) {
    return value.size() <= 8192 &&
           std::none_of(value.begin(), value.end(), [](unsigned char c) { return c == '\r' || c == '\n' || c == 0; });
}

std::string refused_message(const std::string& what, AddressClass kind) {
    return "refused: " + what + " is " + std::string(describe(kind)) +
           " (set webhooks_allow_private to deliver to such addresses)";
}

class CurlWebhookPoster final : public WebhookPoster {
public:
    explicit CurlWebhookPoster(const PostOptions& options) : options_(options) {}

    WebhookResponse post(const WebhookRequest& request) override {
        const auto started = PostClock::now();
        WebhookResponse response;
        try {
            response = post_once(request, started);
        } catch (const std::exception&) {
            response = WebhookResponse{};
            response.error = "the delivery could not be attempted (out of resources)";
        }
        response.duration_ms = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(PostClock::now() - started).count());
        return response;
    }

private:
    WebhookResponse failed(std::string error) const {
        WebhookResponse r;
        r.error = std::move(error);
        return r;
    }

    WebhookResponse post_once(const WebhookRequest& request, PostClock::time_point started) {
        auto parts = split_outbound_url(request.url, {"http", "https"});
        if (!parts) return failed(parts.error().message);
        for (const auto& [name, value] : request.headers)
            if (!webhook_header_name_ok(name) || !webhook_header_value_ok(value))
                return failed("the header " + (webhook_header_name_ok(name) ? name : std::string("name")) +
                              " may not hold line breaks or other control characters");

        // The first guard: resolve once, check every answer, and pin the connection to the
        // checked addresses, so a name that answers differently a moment later gains nothing.
        std::string pinned;
        if (!options_.allow_private) {
            if (const auto kind = classify_address_text(parts->host)) {
                if (*kind != AddressClass::kPublic) return failed(refused_message("the address " + parts->host, *kind));
            } else if (is_localhost_name(parts->host)) {
                return failed(refused_message("the host " + parts->host, AddressClass::kLoopback));
            } else {
                const auto resolution = resolve_host(parts->host, options_.timeout);
                if (!resolution.error.empty()) return failed(resolution.error);
                std::string addresses;
                std::size_t count = 0;
                for (const auto& a : resolution.addresses) {
                    if (a.kind != AddressClass::kPublic || count == kMaxPinnedAddresses) continue;
                    addresses += (count++ ? "," : "") + (a.text.find(':') != std::string::npos ? "[" + a.text + "]" : a.text);
                }
                if (count == 0)
                    return failed(refused_message(parts->host + " (" + resolution.addresses.front().text + ")",
                                                  resolution.addresses.front().kind));
                pinned = parts->host + ":" + std::to_string(parts->port) + ":" + addresses;
            }
        }
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(PostClock::now() - started);
        const auto remaining = options_.timeout - elapsed;
        if (remaining.count() <= 0) return failed("the endpoint did not answer in time");

        ensure_curl_ready();
        CurlEasy curl(curl_easy_init());
        if (!curl) return failed("the delivery could not be attempted (out of resources)");
        CurlList headers;
        if (!append_curl_list(headers, "Content-Type: application/json") || !append_curl_list(headers, "Expect:"))
            return failed("the delivery could not be attempted (out of resources)");
        for (const auto& [name, value] : request.headers)
            if (!append_curl_list(headers, (name + ": " + value).c_str()))
                return failed("the delivery could not be attempted (out of resources)");
        CurlList resolve;
        if (!pinned.empty() && !append_curl_list(resolve, pinned.c_str()))
            return failed("the delivery could not be attempted (out of resources)");

        PostTransfer transfer;
        transfer.max_response_bytes = options_.max_response_bytes;
        transfer.allow_private = options_.allow_private;
        char error_text[CURL_ERROR_SIZE] = {};
        CURL* h = curl.get();
        curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_PROXY, "");  // never a proxy from the environment
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(remaining.count()));
        curl_easy_setopt(h, CURLOPT_USERAGENT, "Tribune-Webhooks/1");
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, webhook_response_sink);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
        curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, webhook_open_socket);
        curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &transfer);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
        abort_transfer_when(h, options_.cancel);
        if (resolve) curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.get());

        const CURLcode code = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        WebhookResponse response;
        if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && transfer.capped && status > 0)) {
            response.status_code = static_cast<int>(status);
            return response;
        }
        if (!transfer.refused_address.empty())
            return failed("refused: the endpoint's address is " + transfer.refused_address +
                          " (set webhooks_allow_private to deliver to such addresses)");
        if (code == CURLE_OPERATION_TIMEDOUT)
            return failed("the endpoint did not answer within " + std::to_string(options_.timeout.count()) + " ms");
        return failed(error_text[0] != '\0' ? std::string(error_text) : std::string(curl_easy_strerror(code)));
    }

    PostOptions options_;
};

}  // namespace

std::unique_ptr<WebhookPoster> make_webhook_poster(const PostOptions& options) {
    return std::make_unique<CurlWebhookPoster>(options);
}

domain::Result<void> check_webhook_url(std::string_view url, bool allow_private, bool resolve) {
    auto parts = split_outbound_url(url, {"http", "https"});
    if (!parts) return parts.error();
    if (allow_private) return {};
    auto refused = [](const std::string& message) {
        std::vector<domain::FieldError> fields{{"url", message}};
        return domain::make_error(domain::ErrorCode::kInvalid, "Endpoint not allowed", message, std::move(fields));
    };
    if (const auto kind = classify_address_text(parts->host)) {
        if (*kind != AddressClass::kPublic) return refused(refused_message("the address " + parts->host, *kind));
        return {};
    }
    if (is_localhost_name(parts->host))
        return refused(refused_message("the host " + parts->host, AddressClass::kLoopback));
    if (!resolve) return {};
    constexpr std::chrono::milliseconds kCheckLookupTimeout{5000};
    const auto resolution = resolve_host(parts->host, kCheckLookupTimeout);
    if (!resolution.error.empty()) return refused(resolution.error);
    const auto found = std::find_if(resolution.addresses.begin(), resolution.addresses.end(),
                                    [](const ResolvedAddress& a) { return a.kind == AddressClass::kPublic; });
    if (found == resolution.addresses.end())
        return refused(refused_message(parts->host + " (" + resolution.addresses.front().text + ")",
                                       resolution.addresses.front().kind));
    return {};
}

}  // namespace tribune::outbound
