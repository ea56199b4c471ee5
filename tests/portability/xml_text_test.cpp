#include "portability/xml_text.hpp"

#include <gtest/gtest.h>

namespace tribune::portability {
namespace {

TEST(XmlText, EscapesMarkupAndDropsWhatXmlForbids) {
    EXPECT_EQ(xml_escaped("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
    EXPECT_EQ(xml_escaped(std::string("x\x01y\tz", 5)), "xy\tz");
    EXPECT_EQ(xml_escaped("\xff"), "\xef\xbf\xbd");
    EXPECT_EQ(xml_escaped("Zoë 👋"), "Zoë 👋");
}

TEST(XmlText, CommentTextBecomesParagraphsAndBreaks) {
    EXPECT_EQ(text_to_html("one\ntwo\n\n<three>"), "<p>one<br>two</p><p>&lt;three&gt;</p>");
    EXPECT_EQ(text_to_html("a\r\n\r\n\r\nb\n"), "<p>a</p><p>b</p>");
    EXPECT_EQ(text_to_html("  \n"), "");
}

TEST(XmlText, Dates) {
    const auto t = domain::from_micros(1'773'550'380'500'000);  // 2026-03-15 04:53:00.5 UTC, a Sunday
    EXPECT_EQ(rfc822_date(t), "Sun, 15 Mar 2026 04:53:00 +0000");
    EXPECT_EQ(wordpress_date(t), "2026-03-15 04:53:00");
}

}  // namespace
}  // namespace tribune::portability
