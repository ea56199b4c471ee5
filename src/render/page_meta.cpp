#include "render/page_meta.hpp"

#include <algorithm>

#include "render/coverage.hpp"
#include "render/html_escape.hpp"
#include "render/paths.hpp"
#include "render/script_json.hpp"

namespace tribune::render {
namespace {

std::string meta_site_url(const SiteInfo& site, std::string_view path) { return absolute_url(site.base_url, path); }

// The lead image's absolute URL, or "" when the article has none to show.
std::string lead_image_url(const SiteInfo& site, const domain::Article& a) {
    if (!a.media || a.media->kind != "image" || !is_safe_url(a.media->url)) return {};
    return a.media->url.front() == '/' ? meta_site_url(site, a.media->url) : a.media->url;
}

void meta_tag(std::string& out, std::string_view attr, std::string_view key, std::string_view value) {
    out += "<meta ";
    out += attr;
    out += "=\"";
    out += key;
    out += "\" content=\"";
    append_escaped(out, value);
    out += "\">\n";
}

void json_field(std::string& out, std::string_view name, std::string_view value) {
    out += ",\"";
    out += name;
    out += "\":";
    append_script_json_string(out, value);
}

}  // namespace

std::string news_article_json_ld(const SiteInfo& site, const domain::Article& a) {
    const std::string url = meta_site_url(site, article_path(a.slug));
    std::string out = "{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\"";
    json_field(out, "headline", a.title);
    if (!a.summary.empty()) json_field(out, "description", a.summary);
    json_field(out, "datePublished", domain::format_rfc3339(a.published_at));
    json_field(out, "dateModified", domain::format_rfc3339(std::max(a.updated_at, a.published_at)));
    if (!a.authors.empty()) {
        out += ",\"author\":[";
        for (std::size_t i = 0; i < a.authors.size(); ++i) {
            out += i ? ",{\"@type\":\"Person\"" : "{\"@type\":\"Person\"";
            json_field(out, "name", a.authors[i].name);
            json_field(out, "url", meta_site_url(site, "/authors/" + url_encode(a.authors[i].slug)));
            out += "}";
        }
        out += "]";
    }
    if (const std::string image = lead_image_url(site, a); !image.empty()) {
        out += ",\"image\":[";
        append_script_json_string(out, image);
        out += "]";
    }
    if (a.section) json_field(out, "articleSection", a.section->name);
    if (!a.tags.empty()) {
        std::string keywords;
        for (const auto& t : a.tags) keywords += (keywords.empty() ? "" : ", ") + t.name;
        json_field(out, "keywords", keywords);
    }
    out += ",\"publisher\":{\"@type\":\"Organization\"";
    json_field(out, "name", site.name);
    out += "}";
    out += ",\"mainEntityOfPage\":{\"@type\":\"WebPage\"";
    json_field(out, "@id", url);
    out += "}";
    // Corrections: the article's correction notes as "correction" (schema.org CorrectionComment).
    append_json_ld_corrections(out, a);
    out += "}";
    return out;
}

std::string article_meta_html(const SiteInfo& site, const domain::Article& a) {
    const std::string url = meta_site_url(site, article_path(a.slug));
    const std::string image = lead_image_url(site, a);
    std::string out;
    meta_tag(out, "property", "og:type", "article");
    meta_tag(out, "property", "og:title", a.title);
    meta_tag(out, "property", "og:url", url);
    meta_tag(out, "property", "og:site_name", site.name);
    if (!a.summary.empty()) meta_tag(out, "property", "og:description", a.summary);
    if (!image.empty()) {
        meta_tag(out, "property", "og:image", image);
        if (!a.media->alt.empty()) meta_tag(out, "property", "og:image:alt", a.media->alt);
    }
    meta_tag(out, "property", "article:published_time", domain::format_rfc3339(a.published_at));
    meta_tag(out, "property", "article:modified_time", domain::format_rfc3339(std::max(a.updated_at, a.published_at)));
    if (a.section) meta_tag(out, "property", "article:section", a.section->name);
    for (const auto& t : a.tags) meta_tag(out, "property", "article:tag", t.name);
    meta_tag(out, "name", "twitter:card", image.empty() ? "summary" : "summary_large_image");
    meta_tag(out, "name", "twitter:title", a.title);
    if (!a.summary.empty()) meta_tag(out, "name", "twitter:description", a.summary);
    if (!image.empty()) meta_tag(out, "name", "twitter:image", image);
    out += "<script type=\"application/ld+json\">";
    out += news_article_json_ld(site, a);
    out += "</script>\n";
    return out;
}

}  // namespace tribune::render
