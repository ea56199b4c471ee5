// The search page: a labelled form, then ranked results with highlighted snippets.
#include "render/search_page.hpp"

#include "domain/search_text.hpp"
#include "render/date_format.hpp"
#include "render/html_escape.hpp"
#include "render/layout.hpp"
#include "render/paths.hpp"

namespace tribune::render {
namespace {

void append_search_form(std::string& out, std::string_view q) {
    out += "<form class=\"search-form\" role=\"search\" method=\"get\" action=\"/search\">\n"
           "<label for=\"search-q\">Search articles</label>\n"
           "<input id=\"search-q\" name=\"q\" type=\"search\" maxlength=\"";
    out += std::to_string(domain::search_limits::kQueryBytes);
    out += "\" value=\"";
    append_escaped(out, q);
    out += "\">\n<button type=\"submit\">Search</button>\n</form>\n";
}

void append_result(std::string& out, const SearchResultView& r) {
    const auto& a = r.article;
    out += "<li><article class=\"teaser search-result\">\n<h2><a href=\"";
    append_escaped(out, article_path(a.slug));
    out += "\">";
    append_escaped(out, a.title);
    out += "</a></h2>\n<p class=\"story-meta\">";
    out += date_element(a.published_at);
    out += "</p>\n";
    if (!r.snippet.empty()) {
        out += "<p class=\"snippet\">";
        out += snippet_html(r.snippet);
        out += "</p>\n";
    }
    out += "</article></li>\n";
}

}  // namespace

std::string snippet_html(std::string_view marked) {
    std::string out;
    for (const auto& part : domain::snippet_parts(marked)) {
        if (part.highlighted) out += "<mark>";
        append_escaped(out, part.text);
        if (part.highlighted) out += "</mark>";
    }
    return out;
}

std::string search_page(const SearchView& v) {
    std::string main = "<h1 class=\"page-title\">Search</h1>\n";
    append_search_form(main, v.q);
    if (v.searched) {
        main += "<section class=\"search-results\" aria-labelledby=\"search-results-title\">\n"
                "<h2 id=\"search-results-title\">Results for \u201C";
        append_escaped(main, v.q);
        main += "\u201D</h2>\n";
        if (v.results.empty()) {
            main += "<p class=\"empty-state\">No items found.</p>\n";
        } else {
            main += "<ol class=\"article-list\">\n";
            for (const auto& r : v.results) append_result(main, r);
            main += "</ol>\n";
        }
        if (v.next_cursor) {
            main += "<nav class=\"pagination\" aria-label=\"More results\"><a rel=\"next\" href=\"";
            append_escaped(main, "/search?q=" + url_encode(v.q) + "&cursor=" + url_encode(*v.next_cursor));
            main += "\">Next</a></nav>\n";
        }
        main += "</section>\n";
    }
    return document(v.site, PageHead{v.searched ? std::string_view("Search results") : std::string_view("Search"), "", ""},
                    main);
}

}  // namespace tribune::render
