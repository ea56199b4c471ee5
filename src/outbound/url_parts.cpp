#include "outbound/url_parts.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <memory>

#include "outbound/curl_global.hpp"

namespace tribune::outbound {
namespace {

struct UrlHandleDeleter {
    void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlHandleDeleter>;

// One part of the URL, or "" when it has none.
std::string url_part(CURLU* handle, CURLUPart part, unsigned flags = 0) {
    char* value = nullptr;
    if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
    std::string out(value);
    curl_free(value);
    return out;
}

bool url_has_part(CURLU* handle, CURLUPart part) {
    char* value = nullptr;
    const bool present = curl_url_get(handle, part, &value, 0) == CURLUE_OK && value != nullptr;
    curl_free(value);
    return present;
}

std::string lower_ascii(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return text;
}

domain::Error url_refused(std::string message) {
    std::vector<domain::FieldError> fields{{"url", message}};
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid URL", std::move(message), std::move(fields));
}

}  // namespace

domain::Result<UrlParts> split_outbound_url(std::string_view url, std::initializer_list<std::string_view> schemes) {
    if (url.empty()) return url_refused("the URL is empty");
    if (url.size() > kMaxOutboundUrlBytes)
        return url_refused("the URL is longer than " + std::to_string(kMaxOutboundUrlBytes) + " bytes");
    for (unsigned char c : url)
        if (c <= 0x20 || c >= 0x7F)
            return url_refused("the URL may hold only printable ASCII without spaces (write an international "
                               "host name in its xn-- form, other characters %-encoded)");
    if (url.find('#') != std::string_view::npos) return url_refused("the URL may not have a fragment (#...)");
    // libcurl forgives "https:/host" and "https:///host"; an endpoint is written the one plain way.
    const auto authority = url.find("://");
    if (authority == std::string_view::npos || authority + 3 >= url.size() || url[authority + 3] == '/')
        return url_refused("the URL must be absolute: scheme://host/...");

    ensure_curl_ready();
    UrlHandle handle(curl_url());
    if (!handle) return url_refused("the URL could not be read");
    const std::string text(url);
    // No CURLU_GUESS_SCHEME: "example.com/hook" is not taken for http.
    if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return url_refused("the URL is not a well-formed absolute URL");

    UrlParts parts;
    parts.scheme = lower_ascii(url_part(handle.get(), CURLUPART_SCHEME));
    if (std::find(schemes.begin(), schemes.end(), parts.scheme) == schemes.end()) {
        std::string allowed;
        for (auto s : schemes) allowed += (allowed.empty() ? "" : " or ") + std::string(s) + "://";
        return url_refused("the URL must start with " + allowed);
    }
    if (url_has_part(handle.get(), CURLUPART_USER) || url_has_part(handle.get(), CURLUPART_PASSWORD) ||
        url_has_part(handle.get(), CURLUPART_OPTIONS))
        return url_refused("the URL may not hold a user name or password");
    if (url_has_part(handle.get(), CURLUPART_ZONEID)) return url_refused("the URL may not name an IPv6 zone");

    std::string host = lower_ascii(url_part(handle.get(), CURLUPART_HOST));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
        parts.host_is_ipv6 = true;
    }
    if (host.empty()) return url_refused("the URL has no host");
    parts.host = std::move(host);

    const std::string port = url_part(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
    int number = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || number < 1 || number > 65535)
        return url_refused("the URL's port is not a port number");
    parts.port = number;
    return parts;
}

std::string url_host(const UrlParts& parts) { return parts.host_is_ipv6 ? "[" + parts.host + "]" : parts.host; }

bool is_localhost_name(std::string_view host) {
    while (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "localhost." is the same name
    constexpr std::string_view kName = "localhost";
    return host == kName || (host.size() > kName.size() && host.ends_with(".localhost"));
}

}  // namespace tribune::outbound
