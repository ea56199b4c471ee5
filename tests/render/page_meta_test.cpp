#include "render/page_meta.hpp"

#include <gtest/gtest.h>

#include "render/script_json.hpp"

namespace tribune::render {
namespace {

bool meta_has(const std::string& s, std::string_view needle) { return s.find(needle) != std::string::npos; }

domain::Article meta_article() {
    domain::Article a;
    a.slug = "harbour";
    a.title = "</script><script>alert(1)</script> & \xE2\x80\xA8";
    a.summary = "Sum";
    a.authors = {{"Ana", "ana"}};
    a.published_at = domain::from_micros(1'773'550'380'000'000);
    a.updated_at = a.published_at;
    return a;
}

SiteInfo meta_site() {
    SiteInfo s;
    s.name = "Tribune";
    s.base_url = "https://news.example";
    return s;
}

TEST(ScriptJson, NothingCanEndTheScriptElement) {
    std::string out;
    append_script_json_string(out, "</script><!-- & \"q\" \\ \n \x01 \xE2\x80\xA8\xE2\x80\xA9 é");
    EXPECT_EQ(out,
              "\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\\"q\\\" \\\\ \\n \\u0001 \\u2028\\u2029 é\"");
}

TEST(PageMeta, JsonLdIsANewsArticleThatCannotBreakOut) {
    const std::string json = news_article_json_ld(meta_site(), meta_article());
    EXPECT_TRUE(meta_has(json, "\"@type\":\"NewsArticle\""));
    EXPECT_TRUE(meta_has(json, "\"datePublished\":\"2026-03-15T04:53:00Z\""));
    EXPECT_TRUE(meta_has(json, "\"author\":[{\"@type\":\"Person\",\"name\":\"Ana\",\"url\":\"https://news.example/authors/ana\"}]"));
    EXPECT_TRUE(meta_has(json, "\"mainEntityOfPage\":{\"@type\":\"WebPage\",\"@id\":\"https://news.example/articles/harbour\"}"));
    EXPECT_FALSE(meta_has(json, "<"));
    EXPECT_FALSE(meta_has(json, "\xE2\x80\xA8"));
    const std::string html = article_meta_html(meta_site(), meta_article());
    EXPECT_EQ(html.find("</script>"), html.rfind("</script>"));  // only the element's own end
}

TEST(PageMeta, OpenGraphAndTwitterFollowTheLeadImage) {
    domain::Article a = meta_article();
    std::string html = article_meta_html(meta_site(), a);
    EXPECT_TRUE(meta_has(html, "<meta property=\"og:type\" content=\"article\">"));
    EXPECT_TRUE(meta_has(html, "<meta property=\"og:title\" content=\"&lt;/script&gt;"));
    EXPECT_TRUE(meta_has(html, "<meta name=\"twitter:card\" content=\"summary\">"));
    EXPECT_FALSE(meta_has(html, "og:image"));
    a.media = domain::Media{};
    a.media->kind = "image";
    a.media->url = "/media/x.jpg";
    a.media->alt = "A ship";
    html = article_meta_html(meta_site(), a);
    EXPECT_TRUE(meta_has(html, "<meta property=\"og:image\" content=\"https://news.example/media/x.jpg\">"));
    EXPECT_TRUE(meta_has(html, "<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    a.media->url = "javascript:alert(1)";
    EXPECT_FALSE(meta_has(article_meta_html(meta_site(), a), "og:image"));
}

}  // namespace
}  // namespace tribune::render
