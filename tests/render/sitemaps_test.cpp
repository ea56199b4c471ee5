#include "render/sitemaps.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

std::size_t sitemap_count(const std::string& s, std::string_view needle) {
    std::size_t n = 0;
    for (auto pos = s.find(needle); pos != std::string::npos; pos = s.find(needle, pos + needle.size())) ++n;
    return n;
}

std::vector<SitemapUrl> sitemap_urls_of(std::size_t n) {
    std::vector<SitemapUrl> urls;
    for (std::size_t i = 0; i < n; ++i) urls.push_back({"/articles/a" + std::to_string(i), domain::from_micros(0)});
    return urls;
}

SiteInfo sitemap_site() {
    SiteInfo s;
    s.name = "Tribune & Co";
    s.base_url = "https://news.example";
    s.language = "pt-BR";
    return s;
}

TEST(Sitemaps, FitInOneFileUpToTheLimit) {
    const std::string xml = sitemap_xml(sitemap_site(), sitemap_urls_of(3), 3);
    EXPECT_EQ(sitemap_count(xml, "<url>"), 3u);
    EXPECT_NE(xml.find("<loc>https://news.example/articles/a0</loc><lastmod>1970-01-01T00:00:00Z</lastmod>"), std::string::npos);
    EXPECT_EQ(xml.find("sitemapindex"), std::string::npos);
    EXPECT_FALSE(sitemap_file_xml(sitemap_site(), sitemap_urls_of(3), 1, 3));
}

TEST(Sitemaps, PastTheLimitBecomeAnIndexOfNumberedFiles) {
    const auto urls = sitemap_urls_of(7);
    const std::string index = sitemap_xml(sitemap_site(), urls, 3);
    EXPECT_NE(index.find("<sitemapindex"), std::string::npos);
    EXPECT_EQ(sitemap_count(index, "<sitemap>"), 3u);
    EXPECT_NE(index.find("<loc>https://news.example/sitemaps/3.xml</loc>"), std::string::npos);
    EXPECT_EQ(sitemap_count(*sitemap_file_xml(sitemap_site(), urls, 1, 3), "<url>"), 3u);
    const auto last = sitemap_file_xml(sitemap_site(), urls, 3, 3);
    ASSERT_TRUE(last);
    EXPECT_EQ(sitemap_count(*last, "<url>"), 1u);
    EXPECT_NE(last->find("/articles/a6<"), std::string::npos);
    EXPECT_FALSE(sitemap_file_xml(sitemap_site(), urls, 4, 3));
    EXPECT_FALSE(sitemap_file_xml(sitemap_site(), urls, 0, 3));
    EXPECT_EQ(sitemap_files(0, 3), 1u);
    EXPECT_EQ(sitemap_files(6, 3), 2u);
    EXPECT_EQ(sitemap_file_path(2), "/sitemaps/2.xml");
}

TEST(Sitemaps, NewsSitemapNamesThePublication) {
    domain::Article a;
    a.slug = "x";
    a.title = "Fish & <chips>";
    a.published_at = domain::from_micros(1'773'550'380'000'000);
    const std::string xml = news_sitemap_xml(sitemap_site(), {a});
    EXPECT_NE(xml.find("xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\""), std::string::npos);
    EXPECT_NE(xml.find("<news:name>Tribune &amp; Co</news:name><news:language>pt</news:language>"), std::string::npos);
    EXPECT_NE(xml.find("<news:publication_date>2026-03-15T04:53:00Z</news:publication_date>"), std::string::npos);
    EXPECT_NE(xml.find("<news:title>Fish &amp; &lt;chips&gt;</news:title>"), std::string::npos);
}

TEST(Sitemaps, RobotsNamesBothSitemapsAndClosesTheDesk) {
    const std::string robots = robots_txt(sitemap_site());
    EXPECT_NE(robots.find("Disallow: /admin\n"), std::string::npos);
    EXPECT_NE(robots.find("Disallow: /api/\n"), std::string::npos);
    EXPECT_NE(robots.find("Sitemap: https://news.example/sitemap.xml\n"), std::string::npos);
    EXPECT_NE(robots.find("Sitemap: https://news.example/sitemap-news.xml\n"), std::string::npos);
}

}  // namespace
}  // namespace tribune::render
