// The media library over HTTP: POST /api/v1/media (editors upload a raw body) and
// GET/HEAD /media/{hash}.{ext} (anyone reads: immutable, ETag, one Range).
#include "http/handlers/handlers.hpp"

#include <string>

#include "domain/media_probe.hpp"
#include "http/byte_range.hpp"
#include "http/media_cache.hpp"
#include "http/problem.hpp"
#include "service/media.hpp"

namespace tribune::http {
namespace {

// Every value is ours: a hex hash, a fixed kind and type, numbers. No escaping needed.
std::string encode_media(const store::MediaItem& m, const std::vector<store::MediaItem>& variants = {}) {
    std::string out = "{\"url\":\"" + service::media_url(m) + "\",\"kind\":\"" + m.kind + "\",\"content_type\":\"" +
                      m.content_type + "\",\"bytes\":" + std::to_string(m.bytes);
    if (m.duration_ms)
        out += ",\"duration_seconds\":" + std::to_string(domain::whole_seconds(static_cast<double>(*m.duration_ms) / 1000.0));
    if (m.width && m.height) out += ",\"width\":" + std::to_string(*m.width) + ",\"height\":" + std::to_string(*m.height);
    if (!variants.empty()) {
        out += ",\"variants\":[";
        for (std::size_t i = 0; i < variants.size(); ++i) {
            if (i > 0) out += ",";
            out += encode_media(variants[i]);
        }
        out += "]";
    }
    out += "}";
    return out;
}

std::string etag_for(const store::MediaItem& m) { return "\"" + m.hash + "\""; }

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
}

void describe(Response& r, const store::MediaItem& m) {
    r.set("Content-Type", m.content_type);
    r.set("ETag", etag_for(m));
    r.set("Cache-Control", "public, max-age=31536000, immutable");
    r.set("Accept-Ranges", "bytes");
    // Never rendered by the browser as a document of this site, whatever it holds.
    r.set("Content-Security-Policy", "default-src 'none'; sandbox");
}

}  // namespace

Response media_api::upload(Site& site, Request& req, const Identity& who) {
    service::MediaUpload up;
    const auto type = req.header("content-type");
    up.declared_type = type.value_or("");
    up.filename = req.query_param("filename").value_or("");
    up.bytes = req.body;
    auto stored = service::upload_media(site.services, who, up);
    if (!stored) return problem(stored.error());
    Response r = json_response(201, encode_media(stored->item, stored->variants));
    r.set("Location", service::media_url(stored->item));
    return r;
}

Response media_api::serve(Site& site, Request& req, const Identity&) {
    auto item = service::find_media(site.services, req.path_params[0]);
    if (!item) return problem(item.error());
    Response r;
    describe(r, *item);
    if (const auto inm = req.header("if-none-match"); inm && etag_matches(*inm, etag_for(*item))) {
        r.status = 304;
        return r;
    }
    const auto size = static_cast<std::size_t>(item->bytes);
    std::size_t first = 0, last = size == 0 ? 0 : size - 1;
    // One range of bytes is answered 206; several ranges, another unit or a malformed header
    // get the whole file (RFC 9110 14.2), a valid range past the end 416.
    if (const auto range = req.header("range")) {
        const RangeAnswer span = byte_range(*range, size);
        if (span.kind == RangeAnswer::Kind::kUnsatisfiable) {
            r.status = 416;
            r.set("Content-Range", "bytes */" + std::to_string(size));
            return r;
        }
        if (span.kind == RangeAnswer::Kind::kPart) {
            first = span.first;
            last = span.last;
            r.status = 206;
            r.set("Content-Range",
                  "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" + std::to_string(size));
        }
    }
    const std::size_t length = size == 0 ? 0 : last - first + 1;
    // Sent from the file as the socket takes it (never the whole file in memory); HEAD states
    // the length without the file.
    if (req.method == Method::kHead) {
        r.file = Response::FileSlice{{}, first, length};
        return r;
    }
    if (!site.media_cache) return problem(domain::make_error(domain::ErrorCode::kUnavailable, "Media unavailable",
                                                             "this node serves no media"));
    auto file = site.media_cache->open(site.services.store, *item);
    if (!file) return problem(file.error());
    r.file = Response::FileSlice{std::move(*file), first, length};
    return r;
}

}  // namespace tribune::http
