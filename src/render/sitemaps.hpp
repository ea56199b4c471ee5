#pragma once
// What crawlers read: the sitemap (one file, or an index of numbered files past the per-file
// limit), the Google News sitemap of the last two days, and robots.txt naming both.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/time.hpp"
#include "render/views.hpp"

namespace tribune::render {

/// URLs in one sitemap file at most; past it /sitemap.xml is an index of numbered files. The
/// protocol allows 50,000; fewer keeps each answer small.
inline constexpr std::size_t kSitemapUrlsPerFile = 5000;
/// Articles in the news sitemap at most, and how far back it looks (Google News: two days).
inline constexpr int kNewsSitemapArticles = 1000;
inline constexpr auto kNewsSitemapWindow = std::chrono::hours(48);

inline constexpr std::string_view kXmlType = "application/xml; charset=utf-8";
inline constexpr std::string_view kTextType = "text/plain; charset=utf-8";

/// One page a sitemap lists: its site path and when it last changed (if known).
struct SitemapUrl {
    std::string path;
    std::optional<domain::Time> lastmod;
};

/// "/sitemaps/{n}.xml", n from 1.
std::string sitemap_file_path(std::size_t n);

/// How many files `urls` URLs take at `per_file` each (at least 1).
std::size_t sitemap_files(std::size_t urls, std::size_t per_file);

/// /sitemap.xml: a <urlset> of every URL when they fit in one file, else a <sitemapindex>
/// naming sitemap_file_path(1..sitemap_files()).
std::string sitemap_xml(const SiteInfo& site, const std::vector<SitemapUrl>& urls,
                        std::size_t per_file = kSitemapUrlsPerFile);

/// File `n` (1-based) of the index: the URLs from (n-1)*per_file; nullopt when there is no
/// such file (also for n past the last one, and for every n when all fit in /sitemap.xml).
std::optional<std::string> sitemap_file_xml(const SiteInfo& site, const std::vector<SitemapUrl>& urls, std::size_t n,
                                            std::size_t per_file = kSitemapUrlsPerFile);

/// /sitemap-news.xml: `articles` (the handler picks the last two days') with the publication's
/// name and language, each article's publication date and title.
std::string news_sitemap_xml(const SiteInfo& site, const std::vector<domain::Article>& articles);

/// /robots.txt: the desk and the API closed to crawlers, and both sitemaps by absolute URL.
std::string robots_txt(const SiteInfo& site);

}  // namespace tribune::render
