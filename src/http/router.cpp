#include "http/router.hpp"

namespace tribune::http {
namespace {

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto slash = path.find('/');
        out.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash);
    }
    return out;
}

bool matches(const Route& r, const std::vector<std::string>& parts, std::vector<std::string>* params) {
    if (r.segments.size() != parts.size()) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (r.segments[i] == "{}") {
            if (params) params->push_back(parts[i]);
            continue;
        }
        if (r.segments[i] != parts[i]) return false;
    }
    return true;
}

}  // namespace

std::string_view method_name(Method m) {
    switch (m) {
        case Method::kGet: return "GET";
        case Method::kHead: return "HEAD";
        case Method::kPost: return "POST";
        case Method::kPut: return "PUT";
        case Method::kPatch: return "PATCH";
        case Method::kDelete: return "DELETE";
        case Method::kOptions: return "OPTIONS";
        case Method::kOther: return "OTHER";
    }
    return "OTHER";
}

void Router::add(Method method, std::string_view pattern, Handler handler, FastPath fast, std::size_t body_limit,
                 HeaderCheck check_headers) {
    Route r;
    r.method = method;
    r.pattern = std::string(pattern);
    r.id = routes_.size();
    for (auto& seg : split_path(pattern)) r.segments.push_back(seg.front() == '{' ? "{}" : seg);
    r.handler = std::move(handler);
    r.fast = std::move(fast);
    r.body_limit = body_limit;
    r.check_headers = std::move(check_headers);
    routes_.push_back(std::move(r));
}

RouteMatch Router::match(Request& req) const {
    const auto parts = split_path(req.path);
    const Method wanted = req.method == Method::kHead ? Method::kGet : req.method;
    RouteMatch m;
    for (const auto& r : routes_) {
        if (!matches(r, parts, nullptr)) continue;
        if (r.method == wanted) {
            req.path_params.clear();
            matches(r, parts, &req.path_params);
            m.route = &r;
            return m;
        }
        m.path_known = true;
        if (!m.allowed.empty()) m.allowed += ", ";
        m.allowed += method_name(r.method);
    }
    return m;
}

}  // namespace tribune::http
