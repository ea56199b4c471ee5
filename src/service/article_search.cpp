#include "service/article_search.hpp"

#include <algorithm>

#include "domain/article.hpp"
#include "domain/search_text.hpp"

namespace tribune::service {
namespace {

domain::Error invalid_search(std::string field, std::string message) {
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid search", message,
                              {domain::FieldError{std::move(field), message}});
}

}  // namespace

domain::Result<SearchResults> search_articles(Context& ctx, const Actor&, const SearchRequest& request) {
    auto words = domain::search_words(request.q);
    if (!words) return words.error();
    if (request.limit < 1 || request.limit > 100) return invalid_search("limit", "limit is a whole number from 1 to 100");
    if (!request.section.empty() && !domain::is_valid_slug(request.section))
        return invalid_search("section", "section is a slug: a-z, 0-9 and hyphens");
    if (request.offset < 0 || request.offset > domain::search_limits::kMaxDepth)
        return invalid_search("cursor", "search pages end after " + std::to_string(domain::search_limits::kMaxDepth) +
                                            " results");
    SearchResults out;
    const int room = domain::search_limits::kMaxDepth - request.offset;
    if (words->empty() || room <= 0) return out;
    const int limit = std::min(request.limit, room);
    // One more than the page tells whether another page follows.
    auto hits = ctx.store.search_articles({request.q, request.section, limit + 1, request.offset});
    if (!hits) return hits.error();
    out.hits = std::move(*hits);
    if (static_cast<int>(out.hits.size()) > limit) {
        out.hits.resize(static_cast<std::size_t>(limit));
        if (request.offset + limit < domain::search_limits::kMaxDepth) out.next_offset = request.offset + limit;
    }
    return out;
}

}  // namespace tribune::service
