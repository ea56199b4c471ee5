#include "http/response.hpp"

#include <cstdint>
#include <cstdio>

namespace tribune::http {

Response json_response(int status, std::string body) {
    Response r;
    r.status = status;
    r.set("Content-Type", std::string(kJsonType));
    r.body = std::move(body);
    return r;
}

Response html_response(int status, std::string body) {
    Response r;
    r.status = status;
    r.set("Content-Type", std::string(kHtmlType));
    r.body = std::move(body);
    return r;
}

Response see_other(std::string location) {
    Response r;
    r.status = 303;
    r.set("Location", std::move(location));
    return r;
}

Response no_content() {
    Response r;
    r.status = 204;
    return r;
}

std::string etag_of(std::string_view body) {
    // FNV-1a: not cryptographic, only a cheap fingerprint of bytes we produced ourselves.
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : body) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace tribune::http
