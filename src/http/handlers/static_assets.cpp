// Static files: the stylesheet and scripts under /static/, demo media under /media/.
#include "http/handlers/api_routes.hpp"

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

std::optional<Response> serve(const Request& req) {
    const auto& map = served_assets();
    const auto it = map.find(req.path);
    if (it == map.end())
        return problem(domain::make_error(domain::ErrorCode::kNotFound, "Not found", "no such file"));
    Response r;
    r.set("Content-Type", std::string(it->second.asset->content_type));
    r.set("ETag", it->second.etag);
    r.set("Cache-Control", "public, max-age=300");
    r.body.assign(it->second.asset->data);
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
