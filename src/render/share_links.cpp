#include "render/share_links.hpp"

#include "render/html_escape.hpp"
#include "render/paths.hpp"

namespace tribune::render {

std::string share_url(const SiteInfo& site, const domain::Article& article) {
    return absolute_url(site.base_url, article_path(article.slug));
}

std::vector<ShareLink> share_links(const SiteInfo& site, const domain::Article& article) {
    const std::string url = url_encode(share_url(site, article));
    const std::string title = url_encode(article.title);
    return {
        {"Email", "mailto:?subject=" + title + "&body=" + title + url_encode("\n\n") + url},
        {"X", "https://twitter.com/intent/tweet?url=" + url + "&text=" + title},
        {"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + url},
        {"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + url},
        {"Reddit", "https://www.reddit.com/submit?url=" + url + "&title=" + title},
        {"WhatsApp", "https://wa.me/?text=" + title + url_encode(" ") + url},
    };
}

void append_share_block(std::string& out, const SiteInfo& site, const domain::Article& article) {
    const std::string url = html_escape(share_url(site, article));
    out +=
        "<section class=\"share\" aria-labelledby=\"share-title\">\n"
        "<h2 class=\"share-title\" id=\"share-title\">Share</h2>\n"
        "<div class=\"share-copy\">"
        "<label class=\"share-url-label\" for=\"share-url\">Link to this article</label>"
        "<input class=\"share-url\" id=\"share-url\" type=\"url\" readonly value=\"";
    out += url;
    out += "\"><button type=\"button\" class=\"copy-link\" data-copy-url=\"";
    out += url;
    out += "\" hidden>Copy link</button></div>\n<ul class=\"share-links\">\n";
    for (const ShareLink& link : share_links(site, article)) {
        const bool mail = link.url.starts_with("mailto:");
        out += "<li><a class=\"share-link\" href=\"";
        append_escaped(out, link.url);
        out += mail ? "\">" : "\" target=\"_blank\" rel=\"noopener noreferrer\">";
        append_escaped(out, link.label);
        out += "</a></li>\n";
    }
    out += "</ul>\n</section>\n";
}

}  // namespace tribune::render
