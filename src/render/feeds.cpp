// The feeds: RSS 2.0 (with the content and Dublin Core modules) and Atom 1.0.
#include "render/feeds.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "render/comment_view.hpp"
#include "render/coverage.hpp"
#include "render/html_escape.hpp"
#include "render/paths.hpp"
#include "domain/xml_text.hpp"

namespace tribune::render {

using domain::append_xml_escaped;
using domain::xml_escape;
namespace {


std::string feed_iso_day(domain::Time t) {
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(t)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

// The host of a base URL: "https://news.example:8443/x" -> "news.example".
std::string_view host_of(std::string_view base_url) {
    if (auto scheme = base_url.find("://"); scheme != std::string_view::npos) base_url.remove_prefix(scheme + 3);
    base_url = base_url.substr(0, base_url.find('/'));
    if (!base_url.empty() && base_url.front() == '[') return base_url.substr(0, base_url.find(']') + 1);
    return base_url.substr(0, base_url.find(':'));
}

std::string feed_url(const SiteInfo& site, std::string_view path) { return absolute_url(site.base_url, path); }

std::string feed_author_path(std::string_view slug) { return "/authors/" + url_encode(slug); }

// A media URL as an absolute one: site paths get the base URL; outside http(s) URLs stay.
std::string feed_media_url(const SiteInfo& site, const domain::Media& m) {
    if (!is_safe_url(m.url)) return {};
    return m.url.front() == '/' ? feed_url(site, m.url) : m.url;
}

domain::Time entry_updated(const domain::Article& a) { return std::max(a.updated_at, a.published_at); }

// The entry's HTML: the lead image as the page shows it above the body, then the body.
std::string entry_html(const SiteInfo& site, const FeedEntry& e) {
    std::string html;
    const auto& m = e.article.media;
    if (m && m->kind == "image") {
        if (const std::string url = feed_media_url(site, *m); !url.empty()) {
            html += "<figure><img src=\"";
            append_escaped(html, url);
            html += "\" alt=\"";
            append_escaped(html, m->alt);
            html += "\">";
            if (!m->caption.empty()) {
                html += "<figcaption>";
                append_escaped(html, m->caption);
                html += "</figcaption>";
            }
            html += "</figure>\n";
        }
    }
    html += e.body_html;
    return html;
}

// Corrections: an article's dated correction notes, after the body, in both formats' content,
// as the page shows them.
void append_corrections(std::string& html, const domain::Article& article) { append_corrections_block(html, article); }

void rss_item(std::string& out, const SiteInfo& site, const FeedEntry& e) {
    const domain::Article& a = e.article;
    out += "<item>\n";
    domain::append_xml_line(out, "title", a.title);
    domain::append_xml_line(out, "link", feed_url(site, article_path(a.slug)));
    out += "<guid isPermaLink=\"false\">";
    append_xml_escaped(out, tag_uri(site.base_url, a.created_at, "article:" + std::to_string(a.id)));
    out += "</guid>\n";
    domain::append_xml_line(out, "pubDate", rfc822_date(a.published_at));
    for (const auto& author : a.authors) domain::append_xml_line(out, "dc:creator", author.name);
    if (a.section) domain::append_xml_line(out, "category", a.section->name);
    for (const auto& t : a.tags) domain::append_xml_line(out, "category", t.name);
    if (!a.summary.empty()) domain::append_xml_line(out, "description", a.summary);
    std::string html = entry_html(site, e);
    append_corrections(html, a);
    domain::append_xml_line(out, "content:encoded", html);
    if (a.media && !a.media->mime_type.empty()) {
        if (const std::string url = feed_media_url(site, *a.media); !url.empty()) {
            // RSS asks for the length; 0 says it is not known here.
            out += "<enclosure url=\"";
            append_xml_escaped(out, url);
            out += "\" type=\"";
            append_xml_escaped(out, a.media->mime_type);
            out += "\" length=\"0\"/>\n";
        }
    }
    out += "</item>\n";
}

void atom_link(std::string& out, std::string_view rel, std::string_view type, std::string_view href) {
    out += "<link rel=\"";
    out += rel;
    out += "\"";
    if (!type.empty()) {
        out += " type=\"";
        append_xml_escaped(out, type);
        out += "\"";
    }
    out += " href=\"";
    append_xml_escaped(out, href);
    out += "\"/>\n";
}

void atom_entry(std::string& out, const SiteInfo& site, const FeedEntry& e) {
    const domain::Article& a = e.article;
    out += "<entry>\n";
    out += "<title type=\"text\">";
    append_xml_escaped(out, a.title);
    out += "</title>\n";
    atom_link(out, "alternate", "text/html", feed_url(site, article_path(a.slug)));
    domain::append_xml_line(out, "id", tag_uri(site.base_url, a.created_at, "article:" + std::to_string(a.id)));
    domain::append_xml_line(out, "published", domain::format_rfc3339(a.published_at));
    domain::append_xml_line(out, "updated", domain::format_rfc3339(entry_updated(a)));
    for (const auto& author : a.authors) {
        out += "<author>";
        domain::append_xml_line(out, "name", author.name);
        domain::append_xml_line(out, "uri", feed_url(site, feed_author_path(author.slug)));
        out += "</author>\n";
    }
    auto category = [&](const domain::NamedRef& r) {
        out += "<category term=\"";
        append_xml_escaped(out, r.slug);
        out += "\" label=\"";
        append_xml_escaped(out, r.name);
        out += "\"/>\n";
    };
    if (a.section) category(*a.section);
    for (const auto& t : a.tags) category(t);
    if (!a.summary.empty()) {
        out += "<summary type=\"text\">";
        append_xml_escaped(out, a.summary);
        out += "</summary>\n";
    }
    std::string html = entry_html(site, e);
    append_corrections(html, a);
    out += "<content type=\"html\">";
    append_xml_escaped(out, html);
    out += "</content>\n";
    if (a.media && !a.media->mime_type.empty())
        if (const std::string url = feed_media_url(site, *a.media); !url.empty())
            atom_link(out, "enclosure", a.media->mime_type, url);
    out += "</entry>\n";
}

void atom_head(std::string& out, const SiteInfo& site, std::string_view title, std::string_view id,
               std::string_view self, std::string_view page, domain::Time updated) {
    out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"";
    append_xml_escaped(out, site.language);
    // Links inside the bodies are site paths ("/articles/x"): they resolve against the site.
    out += "\" xml:base=\"";
    append_xml_escaped(out, feed_url(site, "/"));
    out += "\">\n<title type=\"text\">";
    append_xml_escaped(out, title);
    out += "</title>\n";
    domain::append_xml_line(out, "id", id);
    atom_link(out, "self", "application/atom+xml", self);
    atom_link(out, "alternate", "text/html", page);
    domain::append_xml_line(out, "updated", domain::format_rfc3339(updated));
    // Atom wants an author for the feed when an entry could lack one: the publication.
    out += "<author>";
    domain::append_xml_line(out, "name", site.name);
    out += "</author>\n";
    out += "<generator>Tribune</generator>\n";
}

}  // namespace

std::string feed_path(std::string_view page_path, FeedFormat format) {
    std::string out(page_path);
    if (out.empty() || out.back() != '/') out += '/';
    out += format == FeedFormat::kRss ? "feed.rss" : "feed.atom";
    return out;
}

std::string comments_feed_path(std::string_view slug) { return article_path(slug) + "/comments.atom"; }


std::string tag_uri(std::string_view base_url, domain::Time created, std::string_view specific) {
    std::string_view host = host_of(base_url);
    if (host.empty()) host = "localhost";
    std::string out = "tag:";
    out += host;
    out += ',';
    out += feed_iso_day(created);
    out += ':';
    out += specific;
    return out;
}

std::string rss_feed(const FeedView& v) {
    std::string out;
    out.reserve(4096 + v.entries.size() * 8192);
    out +=
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
        "<channel>\n";
    domain::append_xml_line(out, "title", v.title);
    domain::append_xml_line(out, "link", feed_url(v.site, v.page_path));
    domain::append_xml_line(out, "description", v.description.empty() ? v.title : v.description);
    domain::append_xml_line(out, "language", v.site.language);
    domain::Time built = v.now;
    if (!v.entries.empty()) {
        built = domain::Time{};
        for (const auto& e : v.entries) built = std::max(built, entry_updated(e.article));
    }
    domain::append_xml_line(out, "lastBuildDate", rfc822_date(built));
    domain::append_xml_line(out, "generator", "Tribune");
    out += "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"";
    append_xml_escaped(out, feed_url(v.site, feed_path(v.page_path, FeedFormat::kRss)));
    out += "\"/>\n";
    for (const auto& e : v.entries) rss_item(out, v.site, e);
    out += "</channel>\n</rss>\n";
    return out;
}

std::string atom_feed(const FeedView& v) {
    std::string out;
    out.reserve(4096 + v.entries.size() * 8192);
    domain::Time updated = v.now;
    if (!v.entries.empty()) {
        updated = domain::Time{};
        for (const auto& e : v.entries) updated = std::max(updated, entry_updated(e.article));
    }
    const std::string self = feed_url(v.site, feed_path(v.page_path, FeedFormat::kAtom));
    atom_head(out, v.site, v.title, self, self, feed_url(v.site, v.page_path), updated);
    if (!v.description.empty()) domain::append_xml_line(out, "subtitle", v.description);
    for (const auto& e : v.entries) atom_entry(out, v.site, e);
    out += "</feed>\n";
    return out;
}

std::string comments_atom_feed(const CommentFeedView& v) {
    const domain::Article& a = v.article;
    std::string out;
    out.reserve(4096 + v.comments.size() * 1024);
    domain::Time updated = v.now;
    if (!v.comments.empty()) {
        updated = domain::Time{};
        for (const auto& c : v.comments) updated = std::max(updated, c.edited_at.value_or(c.created_at));
    }
    const std::string page = feed_url(v.site, article_path(a.slug));
    atom_head(out, v.site, "Comments on " + a.title,
              tag_uri(v.site.base_url, a.created_at, "comments:article:" + std::to_string(a.id)),
              feed_url(v.site, comments_feed_path(a.slug)), page + "#comments", updated);
    for (const auto& c : v.comments) {
        const std::string id = std::to_string(c.id);
        const std::string_view name = shown_name(c.author.name);
        out += "<entry>\n<title type=\"text\">";
        append_xml_escaped(out, "Comment by " + std::string(name));
        out += "</title>\n";
        atom_link(out, "alternate", "text/html", page + "#comment-" + id);
        domain::append_xml_line(out, "id", tag_uri(v.site.base_url, c.created_at, "comment:" + id));
        domain::append_xml_line(out, "published", domain::format_rfc3339(c.created_at));
        domain::append_xml_line(out, "updated", domain::format_rfc3339(c.edited_at.value_or(c.created_at)));
        out += "<author>";
        domain::append_xml_line(out, "name", name);
        out += "</author>\n";
        // What a reader wrote is text, whatever it looks like: never type="html".
        out += "<content type=\"text\">";
        append_xml_escaped(out, c.text);
        out += "</content>\n</entry>\n";
    }
    out += "</feed>\n";
    return out;
}

}  // namespace tribune::render
