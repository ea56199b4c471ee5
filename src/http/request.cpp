#include "http/request.hpp"

#include "domain/utf8.hpp"

namespace tribune::http {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<std::string_view> Request::header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers)
        if (name == lower_name) return std::string_view(value);
    return std::nullopt;
}

std::optional<std::string_view> Request::query_param(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return std::string_view(v);
    return std::nullopt;
}

std::vector<std::string_view> Request::query_params(std::string_view name) const {
    std::vector<std::string_view> out;
    for (const auto& [k, v] : query)
        if (k == name) out.emplace_back(v);
    return out;
}

std::optional<std::string> Request::cookie(std::string_view wanted) const {
    for (const auto& [name, value] : headers) {
        if (name != "cookie") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            std::string_view pair = trim_spaces(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            const auto eq = pair.find('=');
            if (eq == std::string_view::npos) continue;
            if (trim_spaces(pair.substr(0, eq)) != wanted) continue;
            std::string_view v = trim_spaces(pair.substr(eq + 1));
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
            if (auto decoded = percent_decode(v, false)) return decoded;
            return std::string(v);
        }
    }
    return std::nullopt;
}

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else if (c == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) return std::nullopt;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::optional<QueryParams> parse_form(std::string_view body) {
    QueryParams out;
    while (!body.empty()) {
        const auto amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) continue;
        const auto eq = pair.find('=');
        auto key = percent_decode(pair.substr(0, eq), true);
        auto value = eq == std::string_view::npos ? std::optional<std::string>{""}
                                                  : percent_decode(pair.substr(eq + 1), true);
        if (!key || !value) return std::nullopt;
        // Every name and value is text: what a form or query carries reaches JSON answers, the
        // audit log and HTML, none of which may hold broken UTF-8 (found by fuzzing, twice).
        if (!domain::is_valid_utf8(*key) || !domain::is_valid_utf8(*value)) return std::nullopt;
        out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

bool parse_target(std::string_view target, std::string& path, QueryParams& query) {
    if (target.empty() || target.front() != '/') return false;
    const auto q = target.find('?');
    auto decoded = percent_decode(target.substr(0, q), false);
    if (!decoded || !domain::is_valid_utf8(*decoded)) return false;
    path = std::move(*decoded);
    query.clear();
    if (q == std::string_view::npos) return true;
    auto params = parse_form(target.substr(q + 1));
    if (!params) return false;
    query = std::move(*params);
    return true;
}

}  // namespace tribune::http
