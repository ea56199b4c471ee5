#pragma once
// Thread pages and JSON that the thread cache keeps: made once with their compressed forms,
// and answered in the form each request accepts. Only bodies that are the same for every
// reader without credentials come here, so compressing them never mixes a secret with what a
// request reflects (BREACH).

#include <string>
#include <string_view>

#include "http/request.hpp"
#include "http/response.hpp"
#include "http/thread_cache.hpp"

namespace tribune::http {

/// A body to answer with (and to cache): its ETag and, when `compress`, its gzip and Brotli
/// forms, made here, once per entry.
CachedBody make_cached_body(std::string body, std::string_view content_type, bool compress);

/// The entry for a cacheable body built on a miss from the page at `version`: compressed (when
/// `compress`) and stored only by the request that claims (page, key); a concurrent miss, or one
/// whose page changed meanwhile, gets its body back uncompressed and stores nothing.
CachedBody store_cached_body(ThreadCache& cache, const std::string& page, const std::string& key,
                             std::uint64_t version, std::string body, std::string_view content_type, bool compress);

/// The 200 answer to `req` from `c`: the form its Accept-Encoding prefers, with that form's
/// ETag, Content-Encoding, Vary: Accept-Encoding and Cache-Control: no-cache.
Response cached_answer(const Request& req, const CachedBody& c, std::string_view content_type);

}  // namespace tribune::http
