#include "portability/xml_text.hpp"

#include <gtest/gtest.h>

namespace tribune::portability {
namespace {

TEST(XmlText, CommentTextBecomesParagraphsAndBreaks) {
    EXPECT_EQ(text_to_html("one\ntwo\n\n<three>"), "<p>one<br>two</p><p>&lt;three&gt;</p>");
    EXPECT_EQ(text_to_html("a\r\n\r\n\r\nb\n"), "<p>a</p><p>b</p>");
    EXPECT_EQ(text_to_html("  \n"), "");
}

TEST(XmlText, Dates) {
    const auto t = domain::from_micros(1'773'550'380'500'000);  // 2026-03-15 04:53:00.5 UTC, a Sunday
    EXPECT_EQ(wordpress_date(t), "2026-03-15 04:53:00");
}

}  // namespace
}  // namespace tribune::portability
