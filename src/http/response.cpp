#include "http/response.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdio>

namespace tribune::http {

OpenFile::~OpenFile() {
    if (fd_ >= 0) ::close(fd_);
}

Response json_response(int status, std::string body) {
    Response r;
    r.status = status;
    r.set("Content-Type", std::string(kJsonType));
    r.body = std::move(body);
    return r;
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

}  // namespace

const std::string* Response::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return &v;
    return nullptr;
}

Response& Response::replace(std::string_view name, std::string value) {
    std::erase_if(headers, [&](const auto& h) { return iequals(h.first, name); });
    headers.emplace_back(std::string(name), std::move(value));
    return *this;
}

Response& Response::add_vary(std::string_view token) {
    for (auto& [k, v] : headers) {
        if (!iequals(k, "Vary")) continue;
        std::string_view rest = v;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            std::string_view item = rest.substr(0, comma);
            while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
            while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
            if (iequals(item, token)) return *this;
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        v += ", ";
        v += token;
        return *this;
    }
    headers.emplace_back("Vary", std::string(token));
    return *this;
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

Response moved_permanently(std::string location) {
    Response r;
    r.status = 301;
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
