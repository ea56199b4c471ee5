#include "domain/comment_text.hpp"

#include <gtest/gtest.h>

using namespace tribune::domain;

namespace {
const Limits kLimits{};

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}
}  // namespace

TEST(CommentText, TrimsAndNormalisesLineBreaks) {
    auto t = validate_comment_text("  first\r\nsecond\rthird\n\n", kLimits);
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, "first\nsecond\nthird");
}

TEST(CommentText, KeepsMarkupAsPlainText) {
    const std::string xss = "<script>alert(1)</script> \"><img src=x onerror=alert(1)> javascript:alert(1)";
    auto t = validate_comment_text(xss, kLimits);
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, xss);
}

TEST(CommentText, RejectsEmptyAndBlank) {
    for (const char* blank : {"", "   ", "\n\t\r\n"}) {
        auto t = validate_comment_text(blank, kLimits);
        ASSERT_FALSE(t);
        EXPECT_EQ(t.error().code, ErrorCode::kInvalid);
        EXPECT_EQ(t.error().fields.at(0).field, "text");
    }
}

TEST(CommentText, RejectsControlCharacters) {
    for (std::string bad : {std::string("a\0b", 3), std::string("bell\x07"), std::string("esc\x1b[31m"),
                            std::string("del\x7f"), std::string("c1\xC2\x85")}) {
        auto t = validate_comment_text(bad, kLimits);
        ASSERT_FALSE(t) << bad;
        EXPECT_EQ(t.error().code, ErrorCode::kInvalid);
    }
    EXPECT_TRUE(validate_comment_text("tab\there", kLimits));
}

TEST(CommentText, RejectsInvalidUtf8AsMalformed) {
    auto t = validate_comment_text("bad \xFF byte", kLimits);
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().code, ErrorCode::kMalformed);
}

TEST(CommentText, CountsCharactersNotBytesAgainstTheLimit) {
    const std::string emoji = "\xF0\x9F\x98\x80";
    EXPECT_TRUE(validate_comment_text(repeat(emoji, 10000), kLimits));
    auto over = validate_comment_text(repeat(emoji, 10001), kLimits);
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().message, "text has 10001 characters; the limit is 10000");
}

TEST(AuthorName, BlankMeansNoName) {
    EXPECT_EQ(*validate_author_name("", kLimits), "No Name");
    EXPECT_EQ(*validate_author_name("   ", kLimits), "No Name");
    EXPECT_EQ(*validate_author_name("  Ada  ", kLimits), "Ada");
}

TEST(AuthorName, RejectsLongNamesAndLineBreaks) {
    EXPECT_TRUE(validate_author_name(std::string(64, 'n'), kLimits));
    auto long_name = validate_author_name(std::string(65, 'n'), kLimits);
    ASSERT_FALSE(long_name);
    EXPECT_EQ(long_name.error().fields.at(0).field, "author_name");
    EXPECT_FALSE(validate_author_name("two\nlines", kLimits));
}

TEST(PageKey, AcceptsOpaqueUtf8UpToTheLimit) {
    EXPECT_TRUE(validate_page_key("/articles/x", kLimits));
    EXPECT_TRUE(validate_page_key("story-\xC3\xA9t\xC3\xA9", kLimits));
    EXPECT_TRUE(validate_page_key(std::string(512, 'k'), kLimits));
    EXPECT_FALSE(validate_page_key(std::string(513, 'k'), kLimits));
    EXPECT_FALSE(validate_page_key("", kLimits));
    EXPECT_FALSE(validate_page_key("a\nb", kLimits));
}

// Hardening (docs/security.md): names could reorder the text around them or pile marks
// over the lines nearby.
TEST(ValidateAuthorName, RefusesDirectionControlsAndStackedMarks) {
    for (const char* bidi : {"Ada\u202Eevil", "\u2066Ada\u2069", "Ada\u200F", "\u061CAda"})
        EXPECT_FALSE(validate_author_name(bidi, kLimits).has_value()) << bidi;
    EXPECT_FALSE(validate_author_name("Z\u0301\u0302\u0303\u0304\u0305algo", kLimits).has_value());
    EXPECT_TRUE(validate_author_name("Nguy\u1EC5n", kLimits).has_value());          // precomposed
    EXPECT_TRUE(validate_author_name("e\u0302\u0301 ok", kLimits).has_value());     // two marks: real text
    EXPECT_TRUE(validate_author_name("\u05E9\u05DC\u05D5\u05DD", kLimits).has_value());  // Hebrew, no controls
}
