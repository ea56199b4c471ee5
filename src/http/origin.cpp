#include "http/origin.hpp"

#include <algorithm>
#include <cctype>

#include "http/problem.hpp"
#include "http/route_policy.hpp"
#include "render/pages.hpp"

namespace tribune::http {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_state_changing(Method m) {
    return m == Method::kPost || m == Method::kPut || m == Method::kPatch || m == Method::kDelete;
}

// "application/json" or "application/json; charset=utf-8" (any case, any spaces before `;`).
bool is_json_type(std::string_view type) {
    const auto semi = type.find(';');
    std::string_view essence = type.substr(0, semi);
    while (!essence.empty() && (essence.back() == ' ' || essence.back() == '\t')) essence.remove_suffix(1);
    while (!essence.empty() && (essence.front() == ' ' || essence.front() == '\t')) essence.remove_prefix(1);
    return lower(essence) == "application/json";
}

}  // namespace

std::optional<std::string> canonical_origin(std::string_view origin) {
    const auto sep = origin.find("://");
    if (sep == std::string_view::npos || origin.size() > 512) return std::nullopt;
    const std::string scheme = lower(origin.substr(0, sep));
    if (scheme != "http" && scheme != "https") return std::nullopt;
    std::string_view rest = origin.substr(sep + 3);
    if (rest.ends_with('/')) rest.remove_suffix(1);
    if (rest.empty() || rest.find_first_of("/?#@\\ ") != std::string_view::npos) return std::nullopt;
    std::string_view host = rest;
    std::string_view port;
    const auto bracket = rest.rfind(']');
    const auto colon = rest.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
    }
    if (host.empty()) return std::nullopt;
    for (const unsigned char c : host)
        if (c < 0x21 || c == 0x7f) return std::nullopt;
    if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) port = {};
    std::string out = scheme + "://" + lower(host);
    if (!port.empty()) {
        out += ':';
        out += port;
    }
    return out;
}

bool is_site_origin(const HttpConfig& config, std::string_view origin) {
    const auto site = canonical_origin(config.site.base_url);
    const auto theirs = canonical_origin(origin);
    return site && theirs && *site == *theirs;
}

bool origin_allowed(const HttpConfig& config, std::string_view origin) {
    const auto theirs = canonical_origin(origin);
    if (!theirs) return false;
    if (is_site_origin(config, origin)) return true;
    for (const auto& allowed : config.allowed_origins) {
        if (allowed == "*") return true;
        if (canonical_origin(allowed) == theirs) return true;
    }
    return false;
}

bool form_from_site(const HttpConfig& config, const Request& req) {
    const auto origin = req.header("origin");
    return !origin || is_site_origin(config, *origin);
}

std::optional<Response> refuse_cross_site(const HttpConfig& config, const Request& req) {
    if (!is_state_changing(req.method)) return std::nullopt;
    const bool api = req.path.starts_with("/api/");
    // A mail link's token is its own proof, from whatever page or mail client sends it.
    if (const auto origin = req.header("origin"); origin && !is_mail_link_path(req.path)) {
        const bool ok = api ? origin_allowed(config, *origin) : is_site_origin(config, *origin);
        if (!ok && api)
            return problem(domain::make_error(domain::ErrorCode::kForbidden, "Cross-site request refused",
                                              "this request came from a site that may not act here"));
        if (!ok) {
            render::ErrorView v;
            v.site = config.site;
            v.status = 403;
            v.title = "Forbidden";
            v.message = "This form was sent from another site.";
            return html_response(403, render::error_page(v));
        }
    }
    // Media is sniffed by its handler; an import chunk is raw bytes of the admin's file.
    if (api && !req.body.empty() && req.path != kMediaUploadPath && !is_import_chunk_path(req.path)) {
        const auto type = req.header("content-type");
        if (!type || !is_json_type(*type))
            return problem(domain::make_error(domain::ErrorCode::kMalformed, "Unsupported media type",
                                              "send the body as application/json"),
                           415);
    }
    return std::nullopt;
}

}  // namespace tribune::http
