// Static files: the stylesheet and scripts under /static/, demo media under /media/.
#include "http/handlers/api_routes.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "http/assets.hpp"
#include "http/problem.hpp"

namespace tribune::http {
namespace {

struct Served {
    const Asset* asset;
    std::string etag;
};

// Built once: the URL path of every asset, and its ETag.
const std::unordered_map<std::string, Served>& served_assets() {
    static const auto map = [] {
        std::unordered_map<std::string, Served> m;
        for (const auto& a : embedded_assets()) {
            const std::string rel(a.path);
            const std::string url = rel.rfind("/media/", 0) == 0 ? rel : "/static" + rel;
            m.emplace(url, Served{&a, etag_of(a.data)});
            // The widget's snippet names the script at the root: <script src=".../embed.js">.
            if (rel == "/embed.js") m.emplace(rel, Served{&a, etag_of(a.data)});
        }
        return m;
    }();
    return map;
}

// One "bytes=first-last", "bytes=first-" or "bytes=-suffix" range (what media players send);
// nullopt when it can't be satisfied.
std::optional<std::pair<std::size_t, std::size_t>> byte_range(std::string_view h, std::size_t size) {
    constexpr std::string_view kUnit = "bytes=";
    if (h.substr(0, kUnit.size()) != kUnit || size == 0) return std::nullopt;
    h.remove_prefix(kUnit.size());
    const auto dash = h.find('-');
    if (dash == std::string_view::npos || h.find(',') != std::string_view::npos) return std::nullopt;
    auto number = [](std::string_view t) -> std::optional<std::size_t> {
        std::size_t n = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
        if (t.empty() || ec != std::errc{} || p != t.data() + t.size()) return std::nullopt;
        return n;
    };
    const auto first = number(h.substr(0, dash)), last = number(h.substr(dash + 1));
    if (!first) {
        if (!last || *last == 0) return std::nullopt;
        return std::pair{size - std::min(*last, size), size - 1};
    }
    if (*first >= size) return std::nullopt;
    std::size_t end = last ? std::min(*last, size - 1) : size - 1;
    if (end < *first) return std::nullopt;
    return std::pair{*first, end};
}

std::optional<Response> serve(const Request& req) {
    const auto& map = served_assets();
    const auto it = map.find(req.path);
    if (it == map.end())
        return problem(domain::make_error(domain::ErrorCode::kNotFound, "Not found", "no such file"));
    const std::string_view data = it->second.asset->data;
    Response r;
    r.set("Content-Type", std::string(it->second.asset->content_type));
    r.set("ETag", it->second.etag);
    r.set("Cache-Control", "public, max-age=300");
    r.set("Accept-Ranges", "bytes");
    if (auto range = req.header("range")) {
        const auto span = byte_range(*range, data.size());
        if (!span) {
            r.status = 416;
            r.set("Content-Range", "bytes */" + std::to_string(data.size()));
            return r;
        }
        r.status = 206;
        r.set("Content-Range", "bytes " + std::to_string(span->first) + "-" + std::to_string(span->second) + "/" +
                                   std::to_string(data.size()));
        r.body.assign(data.substr(span->first, span->second - span->first + 1));
        return r;
    }
    r.body.assign(data);
    return r;
}

}  // namespace

void add_static_assets(Router& router) {
    // Everything is in memory: answer on the I/O thread.
    auto fast = [](Request& r) { return serve(r); };
    auto slow = [](Request& r) { return *serve(r); };
    router.add(Method::kGet, "/static/{file}", slow, fast);
    router.add(Method::kGet, "/media/{file}", slow, fast);
    router.add(Method::kGet, "/embed.js", slow, fast);
}

}  // namespace tribune::http
