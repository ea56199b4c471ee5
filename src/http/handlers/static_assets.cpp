// Static files: the stylesheet and scripts under /static/, demo media under /media/.
#include "http/handlers/handlers.hpp"

#include <algorithm>
#include <charconv>
#include <memory>
#include <unordered_map>

#include "http/assets.hpp"
#include "http/byte_range.hpp"
#include "http/compression.hpp"
#include "http/problem.hpp"

namespace tribune::http {

// Outside the anonymous namespace: ServedAssets (declared in a header) holds it.
struct Served {
    const Asset* asset;
    std::string etag;
    std::shared_ptr<const Variants> variants;  // gzip and br, made once; null: not worth it or off
};

using ServedMap = std::unordered_map<std::string, Served>;

namespace {

// The URL path of every asset, its ETag and its compressed forms (Brotli at its best quality:
// paid once per process, served for its life).
ServedMap build_served(bool compress) {
    ServedMap m;
    for (const auto& a : embedded_assets()) {
        const std::string rel(a.path);
        const std::string url = rel.rfind("/media/", 0) == 0 ? rel : "/static" + rel;
        Served served{&a, etag_of(a.data), nullptr};
        if (compress) served.variants = make_variants(a.data, a.content_type, served.etag, Effort::kStatic);
        // The widget's snippet names the script at the root: <script src=".../embed.js">.
        if (rel == "/embed.js") m.emplace(rel, served);
        m.emplace(url, std::move(served));
    }
    return m;
}

std::optional<Response> serve(const ServedMap& map, const Request& req) {
    const auto it = map.find(req.path);
    if (it == map.end())
        return problem(domain::make_error(domain::ErrorCode::kNotFound, "Not found", "no such file"));
    // A range is of the form chosen (RFC 9110 14.1.2): the bytes, ETag and encoding agree.
    const ChosenForm form = choose_form(req, it->second.asset->data, it->second.etag, it->second.variants.get());
    const std::string_view data = form.body;
    Response r;
    r.set("Content-Type", std::string(it->second.asset->content_type));
    describe_form(r, form);
    r.set("Cache-Control", "public, max-age=300");
    r.set("Accept-Ranges", "bytes");
    // A malformed Range, another unit or several ranges get the whole file (RFC 9110 14.2).
    const RangeAnswer span = req.header("range") ? byte_range(*req.header("range"), data.size()) : RangeAnswer{};
    if (span.kind != RangeAnswer::Kind::kWhole) {
        if (span.kind == RangeAnswer::Kind::kUnsatisfiable) {
            r.status = 416;
            r.set("Content-Range", "bytes */" + std::to_string(data.size()));
            // An empty body has no coding; Content-Range still counts the form chosen.
            std::erase_if(r.headers, [](const auto& h) { return h.first == "Content-Encoding"; });
            return r;
        }
        r.status = 206;
        r.set("Content-Range", "bytes " + std::to_string(span.first) + "-" + std::to_string(span.last) + "/" +
                                   std::to_string(data.size()));
        r.body.assign(data.substr(span.first, span.last - span.first + 1));
        return r;
    }
    r.body.assign(data);
    return r;
}

}  // namespace

struct ServedAssets {
    ServedMap map;
};

// Compressed here, at start, never on a request.
std::shared_ptr<const ServedAssets> serve_assets(bool compress) {
    return std::make_shared<const ServedAssets>(ServedAssets{build_served(compress)});
}

std::optional<Response> static_assets::serve(Site& site, Request& req) {
    if (!site.assets) return problem(domain::make_error(domain::ErrorCode::kNotFound, "Not found", "no such file"));
    return http::serve(site.assets->map, req);
}

std::optional<Response> static_assets::serve_known(Site& site, Request& req) {
    if (!site.assets || !site.assets->map.contains(req.path)) return std::nullopt;  // the media library's
    return http::serve(site.assets->map, req);
}

}  // namespace tribune::http
