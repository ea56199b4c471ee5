#include "http/security_headers.hpp"

#include "http/identity.hpp"

namespace tribune::http {
namespace {

bool carries_credentials(const Request& req) {
    return req.header("authorization") || has_credential_cookie(req);
}

// Files that are the same for everyone whoever asks (a cookie sent along changes nothing).
bool is_static(const Request& req) {
    return req.path.starts_with("/static/") || req.path.starts_with("/media/") || req.path == "/embed.js" ||
           req.path == "/favicon.ico";
}

bool is_html(const Response& res) {
    const std::string* type = res.header("Content-Type");
    return type && type->starts_with("text/html");
}

}  // namespace

void add_security_headers(const HttpConfig& config, const Request& req, Response& res) {
    res.replace("X-Content-Type-Options", "nosniff");
    res.replace("Referrer-Policy", "strict-origin-when-cross-origin");
    if (config.site.base_url.starts_with("https://"))
        res.replace("Strict-Transport-Security", "max-age=31536000");
    if (is_html(res)) {
        res.replace("Content-Security-Policy", std::string(kContentSecurityPolicy));
        res.replace("X-Frame-Options", "SAMEORIGIN");
    }
    if (carries_credentials(req) && !is_static(req)) {
        res.replace("Cache-Control", "private, no-store");
        res.add_vary("Cookie");
        res.add_vary("Authorization");
    }
}

}  // namespace tribune::http
