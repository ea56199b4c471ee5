#include "portability/html_text.hpp"

#include <gtest/gtest.h>

namespace tribune::portability {
namespace {

TEST(HtmlText, ParagraphsAreSeparatedByOneBlankLine) {
    EXPECT_EQ(html_to_text("<p>First   one\n here.</p>\n\n<p>Second</p>"), "First one here.\n\nSecond");
    EXPECT_EQ(html_to_text("Loose text<p>In a paragraph</p>more loose"), "Loose text\n\nIn a paragraph\n\nmore loose");
}

TEST(HtmlText, BreaksBecomeLineBreaks) {
    EXPECT_EQ(html_to_text("<p>one<br>two <br/> three</p>"), "one\ntwo\nthree");
}

TEST(HtmlText, BlockquotesArePrefixedParagraphs) {
    EXPECT_EQ(html_to_text("<blockquote>Said before<br>over two lines</blockquote><p>My answer</p>"),
              "> Said before\n> over two lines\n\nMy answer");
    EXPECT_EQ(html_to_text("<blockquote><p>One</p><p>Two</p></blockquote>"), "> One\n>\n> Two");
}

TEST(HtmlText, LinksKeepTheirAddress) {
    EXPECT_EQ(html_to_text("<p>See <a href=\"https://example.org/a\">the report</a>.</p>"),
              "See the report (https://example.org/a).");
    EXPECT_EQ(html_to_text("<a href=\"https://example.org/\">https://example.org/</a>"), "https://example.org/");
    EXPECT_EQ(html_to_text("<a href=\"https://example.org/x\"></a>"), "https://example.org/x");
    EXPECT_EQ(html_to_text("<a>no address</a>"), "no address");
}

TEST(HtmlText, OtherTagsAreDroppedScriptsAndStylesWithTheirContent) {
    EXPECT_EQ(html_to_text("<p><b>Bold</b> and <i>italic</i><script>alert(1)</script><style>p{}</style></p>"
                           "<img src=x onerror=alert(1)><iframe src=https://evil.example></iframe>"),
              "Bold and italic");
    EXPECT_EQ(html_to_text("<div><span>kept</span> text</div>"), "kept text");
}

TEST(HtmlText, ReferencesDecodedAndLoneMarksKept) {
    EXPECT_EQ(html_to_text("<p>Caf&eacute; &amp; &#8220;bar&#x201D; &lt;b&gt;</p>"),
              "Caf\xC3\xA9 & \xE2\x80\x9C" "bar\xE2\x80\x9D <b>");
    EXPECT_EQ(html_to_text("1 < 2 & 3 > 2"), "1 < 2 & 3 > 2");
    EXPECT_EQ(html_to_text("AT&T"), "AT&T");
}

TEST(HtmlText, EmptyWhenNothingIsText) {
    EXPECT_EQ(html_to_text("  <p> </p><br><script>x</script>  "), "");
    EXPECT_EQ(html_to_text(""), "");
}

TEST(HtmlText, HostileNestingIsFlattenedInLinearTime) {
    // 200,000 nested tags would take the parser minutes and gigabytes; flattened, the text stays.
    std::string deep;
    for (int i = 0; i < 200000; ++i) deep += "<div>";
    deep += "hi <b>there</b>";
    EXPECT_EQ(html_to_text(deep), "hi there");
    std::string many = "<p>one</p>";
    for (int i = 0; i < 6000; ++i) many += "<i>x</i>";
    many += "<p>two<br>three</p>";
    const std::string text = html_to_text(many);
    EXPECT_TRUE(text.starts_with("one\n\nx x x")) << text.substr(0, 40);
    EXPECT_TRUE(text.ends_with("x\n\ntwo\nthree")) << text.substr(text.size() - 40);
}

TEST(HtmlText, HostileAttributesAndOpenFormattingAreFlattened) {
    // One tag of 200,000 attributes: the parser compares each with those before it.
    std::string attributes = "<p";
    for (int i = 0; i < 200000; ++i) attributes += " a" + std::to_string(i) + "=1";
    EXPECT_EQ(html_to_text(attributes + ">said<script>x()</script></p>"), "said");
    // Formatting elements left open are opened again in every paragraph.
    std::string reopened;
    for (int i = 0; i < 1500; ++i) reopened += "<p><b id=" + std::to_string(i) + "></p>";
    EXPECT_EQ(html_to_text(reopened + "<p>end</p>"), "end");
}

TEST(HtmlText, WordPressCommentsKeepTheirParagraphsAndLines) {
    EXPECT_EQ(text_with_html_to_text("First line\nsecond line\n\n  \nNew <em>paragraph</em>\r\n"),
              "First line\nsecond line\n\nNew paragraph");
    EXPECT_EQ(text_with_html_to_text("<a href=\"https://x.example\">x</a> said 5 < 6"), "x (https://x.example) said 5 < 6");
}

}  // namespace
}  // namespace tribune::portability
