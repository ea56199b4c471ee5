// GET /search?q=: the reader's search page, server-rendered (works without scripts).
#include "http/handlers/handlers.hpp"

#include "domain/cursor.hpp"
#include "domain/search_text.hpp"
#include "http/cached_answer.hpp"
#include "http/problem.hpp"
#include "render/search_page.hpp"
#include "service/article_search.hpp"

namespace tribune::http::search_page {
namespace {

// A search's answer is the same for everyone until an article or a comment changes, and a
// ranked search costs milliseconds (every match is scored), so each answer is kept in
// Services::lists, which every such change clears, under a name of its own: the exact q (the
// page shows it back) and the page's offset. A q longer than any search takes is never kept.
const std::string kSearchEntry = "html";

std::string search_entry_name(std::string_view q, int offset) {
    return "/search?" + std::to_string(offset) + "&" + std::string(q);
}

// The entry a search with words asks for: nullopt for no q, only spaces, a q too long to keep or
// a cursor that is not one (the handler answers those).
std::optional<std::string> kept_entry_name(const Request& req) {
    const auto q = req.query_param("q");
    if (!q || q->find_first_not_of(" \t") == std::string_view::npos || q->size() > domain::search_limits::kQueryBytes)
        return std::nullopt;
    int offset = 0;
    if (auto cursor = req.query_param("cursor")) {
        auto decoded = domain::decode_search_cursor(*cursor);
        if (!decoded) return std::nullopt;
        offset = *decoded;
    }
    return search_entry_name(*q, offset);
}

}  // namespace

std::optional<Response> search_fast(Services& s, Request& req) {
    const auto name = kept_entry_name(req);
    if (!name) return std::nullopt;
    auto hit = s.lists.get(*name, kSearchEntry);
    if (!hit) return std::nullopt;
    return cached_answer(req, *hit, kHtmlType);
}

Response search(Services& s, Request& req, const Identity& who) {
    render::SearchView v;
    v.site = s.config.site;
    const auto q = req.query_param("q");
    // No q, or only spaces: the empty form.
    if (!q || q->find_first_not_of(" \t") == std::string_view::npos) {
        Response r = html_response(200, render::search_page(v));
        r.set("Cache-Control", "no-cache");
        return r;
    }
    service::SearchRequest sr;
    sr.q = std::string(*q);
    if (auto cursor = req.query_param("cursor")) {
        auto offset = domain::decode_search_cursor(*cursor);
        if (!offset) return pages::error_html(s, offset.error());
        sr.offset = *offset;
    }
    const bool keep = sr.q.size() <= domain::search_limits::kQueryBytes;
    const std::string name = keep ? search_entry_name(sr.q, sr.offset) : std::string();
    if (keep) {
        if (auto hit = s.lists.get(name, kSearchEntry)) return cached_answer(req, *hit, kHtmlType);
    }
    // Read before searching: a change after this point makes the entry stored below stale.
    const std::uint64_t version = keep ? s.lists.version(name) : 0;
    auto found = service::search_articles(s, who, sr);
    if (!found) return pages::error_html(s, found.error());
    v.q = sr.q;
    v.searched = true;
    for (auto& hit : found->hits) v.results.push_back({std::move(hit.article), std::move(hit.snippet)});
    if (found->next_offset) v.next_cursor = domain::encode_search_cursor(*found->next_offset);
    std::string body = render::search_page(v);
    CachedBody encoded = keep ? store_cached_body(s.lists, name, kSearchEntry, version, std::move(body), kHtmlType,
                                                  s.config.compression)
                              : make_cached_body(std::move(body), kHtmlType, s.config.compression);
    return cached_answer(req, encoded, kHtmlType);
}

}  // namespace tribune::http::search_page
