// Lists of articles: the front page, and the section, tag and author pages, newest first, with
// a link to the next page.
#include "render/pages.hpp"

#include "render/date_format.hpp"
#include "render/discussion.hpp"
#include "render/feeds.hpp"
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

// The profile above an author's articles. Only http(s) links and photos are shown.
void append_author_card(std::string& out, const AuthorCard& card) {
    out += "<section class=\"author-card\" aria-label=\"About the author\">\n";
    if (!card.photo_url.empty() && is_safe_url(card.photo_url)) {
        out += "<img class=\"author-photo\" src=\"";
        append_escaped(out, card.photo_url);
        out += "\" alt=\"\" width=\"96\" height=\"96\" loading=\"lazy\">\n";
    }
    if (!card.bio.empty()) {
        out += "<p class=\"author-bio\">";
        append_escaped(out, card.bio);
        out += "</p>\n";
    }
    bool open = false;
    for (const std::string& link : card.links) {
        if (!is_safe_url(link) || link.front() == '/') continue;
        if (!open) out += "<ul class=\"author-links\">\n";
        open = true;
        out += "<li><a href=\"";
        append_escaped(out, link);
        out += "\" rel=\"me noopener\">";
        append_escaped(out, link);
        out += "</a></li>\n";
    }
    if (open) out += "</ul>\n";
    out += "</section>\n";
}

}  // namespace

std::string article_list_page(const ArticleListView& v) {
    std::string main = "<header class=\"list-header\">\n";
    if (!v.kind.empty()) {
        main += "<p class=\"list-kind\">";
        append_escaped(main, v.kind);
        main += "</p>\n";
    }
    main += "<h1 class=\"page-title\">";
    append_escaped(main, v.title.empty() ? v.site.name : v.title);
    main += "</h1>\n</header>\n";
    if (v.author && !v.is_continuation) append_author_card(main, *v.author);
    if (v.articles.empty()) {
        main += "<p class=\"empty-state\">No items found.</p>\n";
    } else {
        main += "<ol class=\"article-list\">\n";
        for (std::size_t i = 0; i < v.articles.size(); ++i) {
            const std::int64_t count = i < v.comment_counts.size() ? v.comment_counts[i] : 0;
            append_teaser(main, v.articles[i], count);
        }
        main += "</ol>\n";
    }
    if (!v.next_cursor.empty()) {
        main += "<nav class=\"pager\" aria-label=\"More articles\"><a rel=\"next\" href=\"";
        append_escaped(main, v.path + cursor_query(v.next_cursor));
        main += "\">Older articles</a></nav>\n";
    }
    // A later page is the same list further on: the first page is the one to index.
    PageHead head{v.title, "", v.path};
    if (!v.kind.empty()) {  // the home page's feeds are the site's, which every page names
        const std::string name = v.title + " \xC2\xB7 " + v.site.name;
        head.alternates.push_back({"application/rss+xml", name, feed_path(v.path, FeedFormat::kRss)});
        head.alternates.push_back({"application/atom+xml", name, feed_path(v.path, FeedFormat::kAtom)});
    }
    return document(v.site, head, main);
}

}  // namespace tribune::render
