// The article page: story, share block, media, body, discussion, related articles.
#include "render/pages.hpp"

#include "render/coverage.hpp"
#include "render/date_format.hpp"
#include "render/discussion.hpp"
#include "render/feeds.hpp"
#include "render/html_escape.hpp"
#include "render/image_sources.hpp"
#include "render/layout.hpp"
#include "render/page_meta.hpp"
#include "render/paths.hpp"
#include "render/share_links.hpp"

namespace tribune::render {
namespace {

void append_credit(std::string& out, const domain::Media& m) {
    if (m.credit.empty()) return;
    out += " <span class=\"media-credit\">";
    append_escaped(out, m.credit);
    out += "</span>";
}

void append_image(std::string& out, const domain::Media& m, const std::vector<ImageSource>& sources) {
    out += "<figure class=\"media media-image\">\n";
    if (is_safe_url(m.url)) {
        out += "<img src=\"";
        append_escaped(out, m.url);
        out += "\" alt=\"";
        append_escaped(out, m.alt);
        out += "\"";
        append_srcset(out, sources, kLeadImageSizes);
        // The space is reserved before the image arrives.
        if (m.width > 0 && m.height > 0)
            out += " width=\"" + std::to_string(m.width) + "\" height=\"" + std::to_string(m.height) + "\"";
        out += " decoding=\"async\">\n";
    }
    if (!m.caption.empty() || !m.credit.empty()) {
        out += "<figcaption>";
        if (!m.caption.empty()) {
            out += "<span class=\"media-caption\">";
            append_escaped(out, m.caption);
            out += "</span>";
        }
        append_credit(out, m);
        out += "</figcaption>\n";
    }
    out += "</figure>\n";
}

void append_media(std::string& out, const domain::Media& m, const std::vector<ImageSource>& sources) {
    if (m.kind == "image") {
        append_image(out, m, sources);
        return;
    }
    const bool audio = m.kind == "audio";
    out += audio ? "<figure class=\"media media-audio\">\n" : "<figure class=\"media media-video\">\n";
    if (is_safe_url(m.url)) {
        out += audio ? "<audio controls preload=\"metadata\">" : "<video controls preload=\"metadata\">";
        out += "<source src=\"";
        append_escaped(out, m.url);
        out += "\"";
        if (!m.mime_type.empty()) {
            out += " type=\"";
            append_escaped(out, m.mime_type);
            out += "\"";
        }
        out += "><a href=\"";
        append_escaped(out, m.url);
        out += audio ? "\">Download the audio</a></audio>\n" : "\">Download the video</a></video>\n";
    }
    out += "<figcaption>";
    if (!m.caption.empty()) {
        out += "<span class=\"media-caption\">";
        append_escaped(out, m.caption);
        out += "</span> ";
    }
    if (m.duration_seconds > 0) {
        out += "<span class=\"media-duration\">";
        out += duration_element(m.duration_seconds);
        out += "</span>";
    }
    append_credit(out, m);
    out += "</figcaption>\n</figure>\n";
}

void append_story(std::string& out, const ArticleView& v) {
    const domain::Article& a = v.article;
    out += "<article class=\"story\">\n<header class=\"story-header\">\n<h1 class=\"headline\">";
    append_escaped(out, a.title);
    out += "</h1>\n<p class=\"story-meta\">";
    if (a.live) out += "<span class=\"live-badge\">Live</span> ";
    out += date_element(a.published_at);
    if (a.shows_updated()) {
        out += " <span class=\"updated\">Updated ";
        out += date_element(a.updated_at);
        out += "</span>";
    }
    if (!a.authors.empty()) {
        out += " <span class=\"byline\">By <span class=\"author\">";
        append_escaped(out, a.byline());
        out += "</span></span>";
    }
    out += "</p>\n";
    append_share_block(out, v.site, a);
    out += "<p class=\"comment-count\"><a href=\"#comments\" data-count-link>";
    out += comments_label(v.thread.total);
    out += "</a></p>\n</header>\n";
    if (a.media) append_media(out, *a.media, v.lead_image_sources);
    out += "<div class=\"story-body\">\n";
    out += v.body_html;  // trusted: the output of markdown_to_html
    out += "</div>\n";
    append_corrections_block(out, a);  // at the foot of the story, as news sites print them
    out += "</article>\n";
    append_live_updates(out, a, v.live_updates);
}

void append_article_links(std::string& out, const std::vector<domain::Article>& articles) {
    out += "<ul class=\"related-list\">\n";
    for (const domain::Article& r : articles) {
        out += "<li><a href=\"";
        append_escaped(out, article_path(r.slug));
        out += "\">";
        append_escaped(out, r.title);
        out += "</a><p class=\"byline\">By <span class=\"author\">";
        append_escaped(out, r.byline());
        out += "</span></p></li>\n";
    }
    out += "</ul>\n";
}

// More by the lead author (or the empty state), then others on the article's tags when any.
void append_related(std::string& out, const ArticleView& v) {
    out += "<aside class=\"related\" aria-labelledby=\"related-title\">\n<h2 id=\"related-title\">More by ";
    append_escaped(out, v.article.lead_author());
    out += "</h2>\n";
    if (v.related.empty()) out += "<p class=\"empty-state\">No items found.</p>\n";
    else append_article_links(out, v.related);
    if (!v.on_topic.empty()) {
        out += "<h2 class=\"related-topic\">On the same topics</h2>\n";
        append_article_links(out, v.on_topic);
    }
    out += "</aside>\n";
}

}  // namespace

std::string article_page(const ArticleView& v) {
    std::string main;
    main.reserve(v.body_html.size() + 8192);
    if (v.preview) {
        main += "<p class=\"preview-banner\" role=\"note\"><strong>Preview.</strong> ";
        append_escaped(main, v.preview_note);
        main += "</p>\n";
    }
    append_story(main, v);
    append_discussion(main, v);
    append_related(main, v);
    const std::string path = article_path(v.article.slug);
    // A preview announces nothing: no feed, no cards, and search engines are told to stay away.
    const std::string meta = v.preview ? std::string("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
                                       : article_meta_html(v.site, v.article);
    PageHead head{v.article.title, v.article.summary, path};
    if (!v.preview) {
        head.alternates.push_back({"application/atom+xml", "Comments on " + v.article.title, comments_feed_path(v.article.slug)});
        if (v.article.live || !v.live_updates.empty())
            head.alternates.push_back({"application/atom+xml", "Live updates: " + v.article.title,
                                       live_updates_feed_path(v.article.slug)});
    }
    head.meta_html = meta;
    return document(v.site, head, main);
}

}  // namespace tribune::render
