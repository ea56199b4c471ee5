// Imported article bodies: structure kept as Markdown, everything outside the allow-list gone,
// and hostile markup or text never turned into markup.
#include "portability/html_markdown.hpp"

#include <gtest/gtest.h>

namespace tribune::portability {
namespace {

TEST(HtmlMarkdown, KeepsParagraphsHeadingsAndEmphasis) {
    EXPECT_EQ(html_to_markdown("<h2>The  harbour</h2><p>It <strong>reopens</strong> on <em>Monday</em>.</p><p>Second</p>"),
              "## The harbour\n\nIt **reopens** on *Monday*.\n\nSecond");
    EXPECT_EQ(html_to_markdown("<p>one<br>two</p>"), "one\\\ntwo");
    EXPECT_EQ(html_to_markdown("<p><b> spaced </b>out</p>"), "**spaced** out");
}

TEST(HtmlMarkdown, KeepsListsQuotesAndCode) {
    EXPECT_EQ(html_to_markdown("<ul><li>one</li><li>two<ul><li>inner</li></ul></li></ul>"),
              "- one\n- two\n  - inner");
    EXPECT_EQ(html_to_markdown("<ol><li>first</li><li>second</li></ol>"), "1. first\n2. second");
    EXPECT_EQ(html_to_markdown("<blockquote><p>Said</p><p>twice</p></blockquote>"), "> Said\n>\n> twice");
    EXPECT_EQ(html_to_markdown("<pre><code>a &lt; b\n  *x*</code></pre>"), "```\na < b\n  *x*\n```");
    EXPECT_EQ(html_to_markdown("<p>use <code>a`b</code></p>"), "use ``a`b``");
}

TEST(HtmlMarkdown, KeepsLinksAndImagesWithAltText) {
    EXPECT_EQ(html_to_markdown("<p><a href=\"https://example.org/a b\">the site</a></p>"),
              "[the site](https://example.org/a%20b)");
    EXPECT_EQ(html_to_markdown("<p><a href=\"/local\">here</a></p>"), "[here](/local)");
    EXPECT_EQ(html_to_markdown("<p><img src=\"https://old.example/h.jpg\" alt=\"The harbour [at] dawn\"></p>"),
              "![The harbour \\[at\\] dawn](https://old.example/h.jpg)");
    EXPECT_EQ(html_to_markdown("<p><a href=\"https://x.example/(1)\">p</a></p>"), "[p](https://x.example/%281%29)");
}

TEST(HtmlMarkdown, DropsScriptsStylesFramesAndHandlers) {
    const std::string md = html_to_markdown(
        "<p onclick=\"steal()\">Hello<script>alert(1)</script></p><style>p{}</style>"
        "<iframe src=\"https://evil.example\">inside</iframe><object data=x>obj</object>"
        "<form><input value=v><button>Go</button></form><svg><script>x()</script><text>t</text></svg>"
        "<img src=x onerror=alert(2) alt=pic><noscript>ns</noscript>");
    EXPECT_EQ(md, "Hello\n\n![pic](x)");
    for (const char* bad : {"alert", "steal", "evil", "inside", "obj", "Go", "onerror", "ns", "p{}"})
        EXPECT_EQ(md.find(bad), std::string::npos) << bad;
}

TEST(HtmlMarkdown, OnlyHttpAndRelativeUrlsSurvive) {
    EXPECT_EQ(html_to_markdown("<p><a href=\"javascript:alert(1)\">click</a></p>"), "click");
    EXPECT_EQ(html_to_markdown("<p><a href=\"JaVaScRiPt&#58;alert(1)\">click</a></p>"), "click");
    EXPECT_EQ(html_to_markdown("<p><a href=\"java\tscript:alert(1)\">click</a></p>"), "click");
    EXPECT_EQ(html_to_markdown("<p><a href=\"data:text/html,x\">d</a></p>"), "d");
    EXPECT_EQ(html_to_markdown("<p><img src=\"data:image/png;base64,AAAA\" alt=\"dot\"></p>"), "dot");
    EXPECT_EQ(html_to_markdown("<p><img src=\"vbscript:x\"></p>"), "");
    EXPECT_TRUE(is_allowed_body_url("HTTPS://example.org"));
    EXPECT_TRUE(is_allowed_body_url("photo.jpg"));
    EXPECT_TRUE(is_allowed_body_url("/a?b=c:d"));
    EXPECT_FALSE(is_allowed_body_url("mailto:x@example.org"));
    EXPECT_FALSE(is_allowed_body_url(""));
}

TEST(HtmlMarkdown, TextNeverBecomesMarkup) {
    // Decoded entities and Markdown syntax in text stay text.
    EXPECT_EQ(html_to_markdown("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"), "\\<script\\>alert(1)\\</script\\>");
    EXPECT_EQ(html_to_markdown("<p>[x](javascript:alert(1)) *not* _em_</p>"),
              "\\[x\\](javascript:alert(1)) \\*not\\* \\_em\\_");
    EXPECT_EQ(html_to_markdown("<p># not a heading</p><p>- not a list</p><p>1. nor this</p>"),
              "\\# not a heading\n\n\\- not a list\n\n1\\. nor this");
    EXPECT_EQ(html_to_markdown("<p>a < b & c</p>"), "a \\< b \\& c");
}

TEST(HtmlMarkdown, DeepNestingIsBounded) {
    std::string html;
    for (int i = 0; i < 5000; ++i) html += "<div><blockquote>";
    html += "deep";
    const std::string md = html_to_markdown(html);
    EXPECT_LT(md.size(), 5000u);  // read as text past the bound, not quoted 5000 times
}

TEST(WordPressBodies, BlankLinesSeparateParagraphs) {
    EXPECT_EQ(wordpress_html_to_markdown("First line\nsame paragraph\n\nSecond <em>one</em>\n\n<h2>Head</h2>\n\n"
                                         "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
              "First line\\\nsame paragraph\n\nSecond *one*\n\n## Head\n\n- a\n- b");
    // Bodies with <p> are taken as they are.
    EXPECT_EQ(wordpress_html_to_markdown("<p>one\ntwo</p>\n\n<p>three</p>"), "one two\n\nthree");
}

}  // namespace
}  // namespace tribune::portability
