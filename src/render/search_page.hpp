#pragma once
// The reader's search page (/search?q=) and the highlighted snippet search results show.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "render/views.hpp"

namespace tribune::render {

/// One result: the article and its snippet as the store marked it (domain/search_text.hpp).
struct SearchResultView {
    domain::Article article;
    std::string snippet;
};

/// The search page: the form (filled with `q`), and, when `searched`, the results or "No items
/// found.", with a link to the next page when there is one.
struct SearchView {
    SiteInfo site;
    std::string q;
    bool searched = false;
    std::vector<SearchResultView> results;
    std::optional<std::string> next_cursor;  // an opaque search cursor
};

std::string search_page(const SearchView& v);

/// A marked snippet as HTML: every character escaped, each matched run in <mark>...</mark>.
std::string snippet_html(std::string_view marked);

}  // namespace tribune::render
