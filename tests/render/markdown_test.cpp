#include "render/markdown.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

TEST(Markdown, RendersHeadingsAndEmphasis) {
    const std::string html = markdown_to_html("# Title\n\nSome *soft* and **strong** text.\n");
    EXPECT_TRUE(contains(html, "<h1>Title</h1>")) << html;
    EXPECT_TRUE(contains(html, "<em>soft</em>")) << html;
    EXPECT_TRUE(contains(html, "<strong>strong</strong>")) << html;
}

TEST(Markdown, RendersGfmTables) {
    const std::string html = markdown_to_html("| a | b |\n|---|---|\n| 1 | 2 |\n");
    EXPECT_TRUE(contains(html, "<table>")) << html;
    EXPECT_TRUE(contains(html, "<th>a</th>")) << html;
    EXPECT_TRUE(contains(html, "<td>2</td>")) << html;
}

TEST(Markdown, RendersStrikethroughAndAutolinks) {
    const std::string html = markdown_to_html("~~old~~ see https://example.org/x\n");
    EXPECT_TRUE(contains(html, "<del>old</del>")) << html;
    EXPECT_TRUE(contains(html, "<a href=\"https://example.org/x\">")) << html;
}

TEST(Markdown, SuppressesRawHtml) {
    const std::string html =
        markdown_to_html("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> here.\n\n"
                         "<div onclick=\"alert(1)\">x</div>\n");
    EXPECT_FALSE(contains(html, "<script")) << html;
    EXPECT_FALSE(contains(html, "<img")) << html;
    EXPECT_FALSE(contains(html, "<div")) << html;
    EXPECT_TRUE(contains(html, "raw HTML omitted")) << html;
}

TEST(Markdown, SuppressesJavascriptLinks) {
    const std::string html =
        markdown_to_html("[click](javascript:alert(1)) [x](JAVASCRIPT:alert(1)) ![i](javascript:alert(1))\n");
    EXPECT_FALSE(contains(html, "javascript:")) << html;
    EXPECT_FALSE(contains(html, "JAVASCRIPT:")) << html;
    EXPECT_TRUE(contains(html, ">click</a>")) << html;
}

TEST(Markdown, EscapesTextSpecialCharacters) {
    const std::string html = markdown_to_html("a < b & \"c\"\n");
    EXPECT_TRUE(contains(html, "a &lt; b &amp; &quot;c&quot;")) << html;
}

TEST(Markdown, EmptyInputGivesEmptyOutput) { EXPECT_EQ(markdown_to_html(""), ""); }

}  // namespace
// Found by fuzzing: noncharacter entities came out as lone 0xFE/0xFF bytes.
TEST(Markdown, NoncharacterEntitiesStayUtf8) {
    const std::string html = markdown_to_html("&#xFFFF; &#65534;");
    EXPECT_EQ(html.find('\xFF'), std::string::npos);
    EXPECT_EQ(html.find('\xFE'), std::string::npos);
    EXPECT_NE(html.find("\xEF\xBF\xBD"), std::string::npos);
}

}  // namespace tribune::render
