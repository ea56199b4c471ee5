#include "render/html_escape.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

TEST(HtmlEscape, EscapesEveryDangerousCharacter) {
    EXPECT_EQ(html_escape("&"), "&amp;");
    EXPECT_EQ(html_escape("<"), "&lt;");
    EXPECT_EQ(html_escape(">"), "&gt;");
    EXPECT_EQ(html_escape("\""), "&quot;");
    EXPECT_EQ(html_escape("'"), "&#39;");
    EXPECT_EQ(html_escape("a & b < c > d \" e ' f"), "a &amp; b &lt; c &gt; d &quot; e &#39; f");
}

TEST(HtmlEscape, LeavesOrdinaryTextAndUtf8Alone) {
    EXPECT_EQ(html_escape(""), "");
    EXPECT_EQ(html_escape("Yerevan \xE2\x80\x94 caf\xC3\xA9\n\tline"), "Yerevan \xE2\x80\x94 caf\xC3\xA9\n\tline");
}

TEST(HtmlEscape, NeutralisesScriptAndAttributeBreakouts) {
    EXPECT_EQ(html_escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    EXPECT_EQ(html_escape("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    EXPECT_EQ(html_escape("' onmouseover='x"), "&#39; onmouseover=&#39;x");
}

TEST(HtmlEscape, DoesNotDecodeExistingEntities) { EXPECT_EQ(html_escape("&lt;"), "&amp;lt;"); }

TEST(HtmlEscape, AppendEscapedAppends) {
    std::string out = "<b>";
    append_escaped(out, "<i>");
    EXPECT_EQ(out, "<b>&lt;i&gt;");
}

TEST(UrlEncode, KeepsUnreservedCharacters) {
    EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
}

TEST(UrlEncode, PercentEncodesEverythingElse) {
    EXPECT_EQ(url_encode("a b"), "a%20b");
    EXPECT_EQ(url_encode("a+b=c&d/e?f#g"), "a%2Bb%3Dc%26d%2Fe%3Ff%23g");
    EXPECT_EQ(url_encode("http://h:8080/articles/x"), "http%3A%2F%2Fh%3A8080%2Farticles%2Fx");
    EXPECT_EQ(url_encode("\"<>'%"), "%22%3C%3E%27%25");
    EXPECT_EQ(url_encode("\xC3\xA9"), "%C3%A9");
    EXPECT_EQ(url_encode(std::string_view("\0\n", 2)), "%00%0A");
}

TEST(IsSafeUrl, AcceptsHttpAndSiteRelative) {
    EXPECT_TRUE(is_safe_url("https://media.example/a.mp4"));
    EXPECT_TRUE(is_safe_url("HTTP://media.example/a.mp4"));
    EXPECT_TRUE(is_safe_url("/media/a.mp4"));
    EXPECT_TRUE(is_safe_url("/"));
}

TEST(IsSafeUrl, RefusesScriptsAndOtherSchemes) {
    EXPECT_FALSE(is_safe_url(""));
    EXPECT_FALSE(is_safe_url("javascript:alert(1)"));
    EXPECT_FALSE(is_safe_url("JavaScript:alert(1)"));
    EXPECT_FALSE(is_safe_url("java\tscript:alert(1)"));
    EXPECT_FALSE(is_safe_url("data:text/html,<script>alert(1)</script>"));
    EXPECT_FALSE(is_safe_url("//evil.example/x"));
    EXPECT_FALSE(is_safe_url("/\\evil.example/x"));
    EXPECT_FALSE(is_safe_url("relative/path"));
    EXPECT_FALSE(is_safe_url("https://ok.example/\nx"));
}

}  // namespace
}  // namespace tribune::render
