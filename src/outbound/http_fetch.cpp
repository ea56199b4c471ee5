#include "outbound/http_fetch.hpp"

#include <algorithm>
#include <exception>

#include "outbound/address_class.hpp"
#include "outbound/curl_global.hpp"
#include "outbound/url_parts.hpp"

namespace tribune::outbound {
namespace {

// What one transfer's callback shares with the code that started it.
struct FetchTransfer {
    std::size_t max_response_bytes = 0;
    std::string body;
    bool capped = false;
};

std::size_t fetch_response_sink(char* data, std::size_t size, std::size_t count, void* user) {
    auto* transfer = static_cast<FetchTransfer*>(user);
    const std::size_t bytes = size * count;
    if (bytes > transfer->max_response_bytes - transfer->body.size()) {
        transfer->capped = true;
        return 0;  // short: libcurl stops reading
    }
    transfer->body.append(data, bytes);
    return bytes;
}

domain::Error fetch_failed(std::string message) {
    return domain::make_error(domain::ErrorCode::kUnavailable, "Server unreachable", std::move(message));
}

domain::Result<FetchResponse> fetch_once(std::string_view url, const std::string* form, std::string_view user,
                                         std::string_view password, const FetchOptions& options) {
    if (auto ok = check_fetch_url(url); !ok) return ok.error();
    const std::string target(url);
    const std::string resources = "the request to " + target + " could not be attempted (out of resources)";
    ensure_curl_ready();
    CurlEasy curl(curl_easy_init());
    if (!curl) return fetch_failed(resources);
    CurlList headers;
    if (!append_curl_list(headers, "Accept: application/json") || !append_curl_list(headers, "Expect:"))
        return fetch_failed(resources);
    if (form && !append_curl_list(headers, "Content-Type: application/x-www-form-urlencoded"))
        return fetch_failed(resources);

    FetchTransfer transfer;
    transfer.max_response_bytes = options.max_response_bytes;
    char error_text[CURL_ERROR_SIZE] = {};
    const long timeout_ms = static_cast<long>(std::max<std::chrono::milliseconds::rep>(1, options.timeout.count()));
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, target.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROXY, "");  // never a proxy from the environment
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "Tribune/1");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, fetch_response_sink);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_text);
    if (form) {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, form->data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form->size()));
    }
    // client_secret_basic: both halves form-urlencoded before libcurl joins and encodes them.
    const std::string encoded_user = form_urlencode(user), encoded_password = form_urlencode(password);
    if (!user.empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(h, CURLOPT_USERNAME, encoded_user.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, encoded_password.c_str());
    }

    const CURLcode code = curl_easy_perform(h);
    if (transfer.capped)
        return fetch_failed("the answer of " + target + " is larger than " +
                            std::to_string(options.max_response_bytes) + " bytes");
    if (code == CURLE_OPERATION_TIMEDOUT)
        return fetch_failed(target + " did not answer within " + std::to_string(options.timeout.count()) + " ms");
    if (code != CURLE_OK)
        return fetch_failed(target + ": " + (error_text[0] != '\0' ? std::string(error_text)
                                                                   : std::string(curl_easy_strerror(code))));
    FetchResponse response;
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    response.status_code = static_cast<int>(status);
    const char* content_type = nullptr;
    if (curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type != nullptr)
        response.content_type = content_type;
    response.body = std::move(transfer.body);
    return response;
}

domain::Result<FetchResponse> fetch_guarded(std::string_view url, const std::string* form, std::string_view user,
                                            std::string_view password, const FetchOptions& options) {
    try {
        return fetch_once(url, form, user, password, options);
    } catch (const std::exception&) {
        return fetch_failed("the request could not be attempted (out of resources)");
    }
}

}  // namespace

domain::Result<void> check_fetch_url(std::string_view url) {
    auto parts = split_outbound_url(url, {"http", "https"});
    if (!parts) return parts.error();
    if (parts->scheme == "https") return {};
    const auto kind = classify_address_text(parts->host);
    if ((kind && *kind == AddressClass::kLoopback) || is_localhost_name(parts->host)) return {};
    std::string message = "the URL must start with https:// (http:// only to this machine: localhost, 127.0.0.1, ::1)";
    std::vector<domain::FieldError> fields{{"url", message}};
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid URL", std::move(message), std::move(fields));
}

domain::Result<FetchResponse> http_get(std::string_view url, const FetchOptions& options) {
    return fetch_guarded(url, nullptr, {}, {}, options);
}

domain::Result<FetchResponse> http_post_form(std::string_view url, std::string_view form, std::string_view user,
                                             std::string_view password, const FetchOptions& options) {
    const std::string body(form);
    return fetch_guarded(url, &body, user, password, options);
}

std::string form_urlencode(std::string_view s) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

}  // namespace tribune::outbound
