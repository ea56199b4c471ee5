// GET /search?q=: the reader's search page, server-rendered (works without scripts).
#include "http/handlers/handlers.hpp"

#include "domain/cursor.hpp"
#include "http/problem.hpp"
#include "render/search_page.hpp"
#include "service/article_search.hpp"

namespace tribune::http::search_page {

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
    auto found = service::search_articles(s, who, sr);
    if (!found) return pages::error_html(s, found.error());
    v.q = sr.q;
    v.searched = true;
    for (auto& hit : found->hits) v.results.push_back({std::move(hit.article), std::move(hit.snippet)});
    if (found->next_offset) v.next_cursor = domain::encode_search_cursor(*found->next_offset);
    Response r = html_response(200, render::search_page(v));
    r.set("Cache-Control", "no-cache");
    return r;
}

}  // namespace tribune::http::search_page
