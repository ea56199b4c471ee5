#include "render/sitemaps.hpp"

#include <cctype>

#include "render/paths.hpp"
#include "domain/xml_text.hpp"

namespace tribune::render {

using domain::append_xml_escaped;
using domain::xml_escape;
namespace {

constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
constexpr std::string_view kSitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";

void append_loc(std::string& out, const SiteInfo& site, std::string_view path) {
    out += "<loc>";
    append_xml_escaped(out, absolute_url(site.base_url, path));
    out += "</loc>";
}

std::string urlset(const SiteInfo& site, const std::vector<SitemapUrl>& urls, std::size_t from, std::size_t to) {
    std::string out(kXmlDeclaration);
    out += "<urlset xmlns=\"";
    out += kSitemapNs;
    out += "\">\n";
    for (std::size_t i = from; i < to && i < urls.size(); ++i) {
        out += "<url>";
        append_loc(out, site, urls[i].path);
        if (urls[i].lastmod) {
            out += "<lastmod>";
            out += domain::format_rfc3339(*urls[i].lastmod);
            out += "</lastmod>";
        }
        out += "</url>\n";
    }
    out += "</urlset>\n";
    return out;
}

// Google News names languages by ISO 639 code, lower case; Chinese keeps its script region.
std::string news_language(std::string_view tag) {
    std::string out;
    for (char c : tag) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (out.starts_with("zh-")) return out.substr(0, 5);
    return out.substr(0, out.find('-'));
}

}  // namespace

std::string sitemap_file_path(std::size_t n) { return "/sitemaps/" + std::to_string(n) + ".xml"; }

std::size_t sitemap_files(std::size_t urls, std::size_t per_file) {
    if (per_file == 0) per_file = 1;
    return urls == 0 ? 1 : (urls + per_file - 1) / per_file;
}

std::string sitemap_xml(const SiteInfo& site, const std::vector<SitemapUrl>& urls, std::size_t per_file) {
    if (urls.size() <= per_file) return urlset(site, urls, 0, urls.size());
    std::string out(kXmlDeclaration);
    out += "<sitemapindex xmlns=\"";
    out += kSitemapNs;
    out += "\">\n";
    const std::size_t files = sitemap_files(urls.size(), per_file);
    for (std::size_t n = 1; n <= files; ++n) {
        out += "<sitemap>";
        append_loc(out, site, sitemap_file_path(n));
        out += "</sitemap>\n";
    }
    out += "</sitemapindex>\n";
    return out;
}

std::optional<std::string> sitemap_file_xml(const SiteInfo& site, const std::vector<SitemapUrl>& urls, std::size_t n,
                                            std::size_t per_file) {
    if (per_file == 0 || urls.size() <= per_file || n == 0 || n > sitemap_files(urls.size(), per_file))
        return std::nullopt;
    return urlset(site, urls, (n - 1) * per_file, n * per_file);
}

std::string news_sitemap_xml(const SiteInfo& site, const std::vector<domain::Article>& articles) {
    std::string out(kXmlDeclaration);
    out += "<urlset xmlns=\"";
    out += kSitemapNs;
    out += "\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
    const std::string language = news_language(site.language);
    for (const auto& a : articles) {
        out += "<url>";
        append_loc(out, site, article_path(a.slug));
        out += "<news:news><news:publication><news:name>";
        append_xml_escaped(out, site.name);
        out += "</news:name><news:language>";
        append_xml_escaped(out, language);
        out += "</news:language></news:publication><news:publication_date>";
        out += domain::format_rfc3339(a.published_at);
        out += "</news:publication_date><news:title>";
        append_xml_escaped(out, a.title);
        out += "</news:title></news:news></url>\n";
    }
    out += "</urlset>\n";
    return out;
}

std::string robots_txt(const SiteInfo& site) {
    std::string out =
        "User-agent: *\n"
        "Disallow: /admin\n"
        "Disallow: /api/\n"
        "\n";
    out += "Sitemap: " + absolute_url(site.base_url, "/sitemap.xml") + "\n";
    out += "Sitemap: " + absolute_url(site.base_url, "/sitemap-news.xml") + "\n";
    return out;
}

}  // namespace tribune::render
