#include "domain/utf8.hpp"

#include <gtest/gtest.h>

using tribune::domain::is_valid_utf8;
using tribune::domain::utf8_length;

TEST(Utf8, CountsCodePointsNotBytes) {
    EXPECT_EQ(utf8_length("abc"), 3u);
    EXPECT_EQ(utf8_length("h\xC3\xA9llo"), 5u);           // é
    EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80\xF0\x9F\x98\x80"), 2u);  // two emoji
    EXPECT_EQ(utf8_length(""), 0u);
}

TEST(Utf8, RejectsMalformedSequences) {
    EXPECT_FALSE(is_valid_utf8("\xFF"));
    EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
    EXPECT_FALSE(is_valid_utf8("a\x80"));             // stray continuation
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF itself
}
