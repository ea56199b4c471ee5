// The front page: the publication's articles, newest as the handler orders them.
#include "render/pages.hpp"

#include "render/date_format.hpp"
#include "render/discussion.hpp"
#include "render/html_escape.hpp"
#include "render/layout.hpp"
#include "render/paths.hpp"

namespace tribune::render {
namespace {

void append_teaser(std::string& out, const domain::Article& a, std::int64_t count) {
    const std::string href = html_escape(article_path(a.slug));
    out += "<li><article class=\"teaser\">\n<h2><a href=\"" + href + "\">";
    append_escaped(out, a.title);
    out += "</a></h2>\n";
    if (!a.summary.empty()) {
        out += "<p class=\"summary\">";
        append_escaped(out, a.summary);
        out += "</p>\n";
    }
    out += "<p class=\"story-meta\">";
    if (!a.authors.empty()) {
        out += "<span class=\"byline\">By <span class=\"author\">";
        append_escaped(out, a.byline());
        out += "</span></span> ";
    }
    out += date_element(a.published_at);
    out += " <a class=\"comment-count\" href=\"" + href + "#comments\" data-page=\"";
    append_escaped(out, a.page_key());
    out += "\">" + comments_label(count) + "</a></p>\n</article></li>\n";
}

}  // namespace

std::string home_page(const HomeView& v) {
    std::string main = "<h1 class=\"page-title\">";
    append_escaped(main, v.site.name);
    main += "</h1>\n";
    if (v.articles.empty()) {
        main += "<p class=\"empty-state\">No items found.</p>\n";
        return document(v.site, PageHead{"", "", "/"}, main);
    }
    main += "<ol class=\"article-list\">\n";
    for (std::size_t i = 0; i < v.articles.size(); ++i) {
        const std::int64_t count = i < v.comment_counts.size() ? v.comment_counts[i] : 0;
        append_teaser(main, v.articles[i], count);
    }
    main += "</ol>\n";
    return document(v.site, PageHead{"", "", "/"}, main);
}

}  // namespace tribune::render
