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

CachedBody store_cached_body(ThreadCache& cache, const std::string& page, const std::string& key,
                             std::uint64_t version, std::string body, std::string_view content_type, bool compress) {
    auto fill = cache.claim(page, key, version);
    CachedBody c = make_cached_body(std::move(body), content_type, fill && compress);
    if (fill) cache.put(page, key, version, c);
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
