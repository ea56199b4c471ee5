#include "http/cached_answer.hpp"

#include <memory>

#include "http/compression.hpp"

namespace tribune::http {

CachedBody make_cached_body(std::string body, std::string_view content_type, bool compress) {
    CachedBody c;
    c.etag = etag_of(body);
    if (compress) c.variants = make_variants(body, content_type, c.etag, Effort::kCacheEntry);
    c.body = std::make_shared<const std::string>(std::move(body));
    return c;
}

Response cached_answer(const Request& req, const CachedBody& c, std::string_view content_type) {
    Response r;
    r.set("Content-Type", std::string(content_type));
    answer_with_form(req, r, *c.body, c.etag, c.variants.get());
    r.set("Cache-Control", "no-cache");
    return r;
}

}  // namespace tribune::http
