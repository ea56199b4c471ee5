// Article bodies (render::article_body_html): footnotes, and embeds of the newsroom's own media
// through a lookup the test supplies.
#include <gtest/gtest.h>

#include <map>

#include "render/markdown.hpp"

namespace tribune::render {
namespace {

bool body_has(const std::string& haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

std::size_t occurrences(const std::string& haystack, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

const std::string kImage = "/media/" + std::string(64, 'a') + ".png";
const std::string kVideo = "/media/" + std::string(64, 'b') + ".mp4";
const std::string kAudio = "/media/" + std::string(64, 'c') + ".mp3";
const std::string kUnknown = "/media/" + std::string(64, 'd') + ".png";

// A library of three files; counts what it is asked.
struct Library {
    std::map<std::string, int, std::less<>> asked;
    MediaLookup lookup() {
        return [this](std::string_view url) -> std::optional<EmbeddedMedia> {
            ++asked[std::string(url)];
            EmbeddedMedia m;
            m.url = std::string(url);
            if (url == kImage) {
                m.kind = "image";
                m.content_type = "image/png";
                m.width = 2000;
                m.height = 1000;
                m.sources = {{"/media/small.png", 480}, {"/media/mid.png", 960}, {m.url, 2000}};
            } else if (url == kVideo) {
                m.kind = "video";
                m.content_type = "video/mp4";
                m.duration_seconds = 293;
            } else if (url == kAudio) {
                m.kind = "audio";
                m.content_type = "audio/mpeg";
                m.duration_seconds = 65;
            } else {
                return std::nullopt;
            }
            return m;
        };
    }
};

TEST(ArticleBody, FootnotesLinkBothWaysInANamedSection) {
    const std::string html = article_body_html("Tides rose.[^1] Again.[^1]\n\n[^1]: Harbour office, *log*.\n", {});
    EXPECT_TRUE(body_has(html, "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\"")) << html;
    EXPECT_TRUE(body_has(html, "<section class=\"footnotes\" data-footnotes aria-label=\"Footnotes\">")) << html;
    EXPECT_TRUE(body_has(html, "<li id=\"fn-1\">")) << html;
    EXPECT_TRUE(body_has(html, "Harbour office, <em>log</em>.")) << html;
    // A back-link to each reference, with an accessible name.
    EXPECT_TRUE(body_has(html, "<a href=\"#fnref-1\" class=\"footnote-backref\"")) << html;
    EXPECT_TRUE(body_has(html, "<a href=\"#fnref-1-2\" class=\"footnote-backref\"")) << html;
    EXPECT_TRUE(body_has(html, "aria-label=\"Back to content\"")) << html;
}

TEST(ArticleBody, FootnotesStaySafe) {
    const std::string html = article_body_html(
        "x[^a\"<b>]\n\n[^a\"<b>]: <script>alert(1)</script> [js](javascript:alert(1)) "
        "<section class=\"footnotes\" data-footnotes>\n",
        {});
    EXPECT_FALSE(body_has(html, "<script")) << html;
    EXPECT_FALSE(body_has(html, "javascript:")) << html;
    EXPECT_FALSE(body_has(html, "\"<b>")) << html;
    EXPECT_EQ(occurrences(html, "<section"), 1u) << html;  // the writer's tag is dropped as raw HTML
    EXPECT_TRUE(body_has(html, "raw HTML omitted")) << html;
}

TEST(ArticleBody, LiveUpdatesAndOtherMarkdownKeepNoFootnotes) {
    EXPECT_FALSE(body_has(markdown_to_html("a[^1]\n\n[^1]: b\n"), "footnote")) << markdown_to_html("a[^1]\n\n[^1]: b\n");
}

TEST(ArticleBody, AnImageOfTheLibraryAloneIsAFigureWithSizeAndSrcset) {
    Library lib;
    const std::string html = article_body_html("Before.\n\n![The quay at dawn](" + kImage + " \"Photo: harbour\")\n", lib.lookup());
    EXPECT_TRUE(body_has(html, "<figure class=\"media media-image media-embed\">")) << html;
    EXPECT_TRUE(body_has(html, "<img src=\"" + kImage + "\" alt=\"The quay at dawn\"")) << html;
    EXPECT_TRUE(body_has(html, " srcset=\"/media/small.png 480w, /media/mid.png 960w, " + kImage + " 2000w\"")) << html;
    EXPECT_TRUE(body_has(html, " sizes=\"" + std::string(kLeadImageSizes) + "\"")) << html;
    EXPECT_TRUE(body_has(html, " width=\"2000\" height=\"1000\"")) << html;
    EXPECT_TRUE(body_has(html, "<figcaption><span class=\"media-caption\">Photo: harbour</span></figcaption>")) << html;
    EXPECT_FALSE(body_has(html, "<p><figure")) << html;
    EXPECT_FALSE(body_has(html, "<p></p>")) << html;
    EXPECT_TRUE(body_has(html, "<p>Before.</p>")) << html;
}

TEST(ArticleBody, VideoAndAudioPlayWithTheirNameAndDuration) {
    Library lib;
    const std::string html =
        article_body_html("![Ferry & \"tug\"](" + kVideo + ")\n\n![Interview with the harbourmaster](" + kAudio + ")\n",
                          lib.lookup());
    EXPECT_TRUE(body_has(html, "<figure class=\"media media-video media-embed\">")) << html;
    EXPECT_TRUE(body_has(html, "<video controls preload=\"metadata\" aria-label=\"Ferry &amp; &quot;tug&quot;\"><source src=\"" +
                              kVideo + "\" type=\"video/mp4\">")) << html;
    EXPECT_TRUE(body_has(html, "<span class=\"media-caption\">Ferry &amp; &quot;tug&quot;</span> <span class=\"media-duration\">"
                          "<time datetime=\"PT4M53S\">04:53</time></span>")) << html;
    EXPECT_TRUE(body_has(html, "<figure class=\"media media-audio media-embed\">")) << html;
    EXPECT_TRUE(body_has(html, "<audio controls preload=\"metadata\" aria-label=\"Interview with the harbourmaster\">"
                          "<source src=\"" + kAudio + "\" type=\"audio/mpeg\">")) << html;
    EXPECT_TRUE(body_has(html, "01:05</time>")) << html;
    EXPECT_FALSE(body_has(html, "<img")) << html;
}

TEST(ArticleBody, AnEmbedWithinTextIsTheBareElement) {
    Library lib;
    const std::string html = article_body_html("Listen: ![clip](" + kAudio + ") and see ![map](" + kImage + ").\n", lib.lookup());
    EXPECT_TRUE(body_has(html, "<p>Listen: <audio controls preload=\"metadata\" aria-label=\"clip\">")) << html;
    EXPECT_TRUE(body_has(html, "</audio> <span class=\"media-duration\">")) << html;
    EXPECT_TRUE(body_has(html, "<img src=\"" + kImage + "\" alt=\"map\" srcset=")) << html;
    EXPECT_FALSE(body_has(html, "<figure")) << html;
}

TEST(ArticleBody, OtherImagesKeepTodaysRendering) {
    Library lib;
    const std::string md = "![ext](https://example.org/a.png) ![unknown](" + kUnknown + ") ![rel](/static/x.png)\n";
    const std::string html = article_body_html(md, lib.lookup());
    EXPECT_EQ(html, markdown_to_html(md));
    EXPECT_EQ(lib.asked.count("https://example.org/a.png"), 0u) << "only /media/<sha256>.<ext> is looked up";
    EXPECT_EQ(lib.asked.count("/static/x.png"), 0u);
    EXPECT_EQ(lib.asked[kUnknown], 1);
}

TEST(ArticleBody, APlayerInsideALinkStaysAnImage) {
    Library lib;
    const std::string html = article_body_html("[![v](" + kVideo + ")](https://example.org/)\n", lib.lookup());
    EXPECT_FALSE(body_has(html, "<video")) << html;
}

TEST(ArticleBody, EachUrlIsLookedUpOnceAndLookupsAreBounded) {
    Library lib;
    std::string md;
    for (int i = 0; i < 3; ++i) md += "![a](" + kImage + ")\n\n";
    for (std::size_t i = 0; i < kMaxEmbeddedMedia + 20; ++i) {
        std::string hex = std::to_string(1000 + i);
        md += "![x](/media/" + std::string(64 - hex.size(), 'e') + hex + ".png)\n";
    }
    const std::string html = article_body_html(md, lib.lookup());
    EXPECT_EQ(lib.asked[kImage], 1);
    EXPECT_EQ(lib.asked.size(), kMaxEmbeddedMedia);
    EXPECT_EQ(occurrences(html, "media-embed"), 3u) << html;
}

TEST(ArticleBody, NoLookupMeansPlainImages) {
    const std::string md = "![a](" + kImage + ")\n";
    EXPECT_EQ(article_body_html(md, {}), markdown_to_html(md));
}

}  // namespace
}  // namespace tribune::render
