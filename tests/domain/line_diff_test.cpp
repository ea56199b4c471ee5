#include "domain/line_diff.hpp"

#include <gtest/gtest.h>

using namespace tribune::domain;
using K = DiffLine::Kind;

TEST(LineDiff, SameTextIsAllSame) {
    auto d = diff_lines("a\nb\nc", "a\nb\nc");
    ASSERT_TRUE(d);
    ASSERT_EQ(d->size(), 3u);
    for (const auto& l : *d) EXPECT_EQ(l.kind, K::kSame);
}

TEST(LineDiff, ChangedLineIsRemovedThenAdded) {
    auto d = diff_lines("one\ntwo\nthree", "one\n2\nthree\nfour");
    ASSERT_TRUE(d);
    const std::vector<DiffLine> want{{K::kSame, "one"}, {K::kRemoved, "two"}, {K::kAdded, "2"},
                                     {K::kSame, "three"}, {K::kAdded, "four"}};
    EXPECT_EQ(*d, want);
}

TEST(LineDiff, KeepsTheLongestCommonLines) {
    auto d = diff_lines("x\na\nb\nc", "a\nb\ny\nc");
    ASSERT_TRUE(d);
    const std::vector<DiffLine> want{{K::kRemoved, "x"}, {K::kSame, "a"}, {K::kSame, "b"}, {K::kAdded, "y"}, {K::kSame, "c"}};
    EXPECT_EQ(*d, want);
}

TEST(LineDiff, EmptySides) {
    auto added = diff_lines("", "a\nb");
    ASSERT_TRUE(added);
    EXPECT_EQ(*added, (std::vector<DiffLine>{{K::kAdded, "a"}, {K::kAdded, "b"}}));
    auto removed = diff_lines("a", "");
    ASSERT_TRUE(removed);
    EXPECT_EQ(*removed, (std::vector<DiffLine>{{K::kRemoved, "a"}}));
}

TEST(LineDiff, RefusesTextsTooLongToCompare) {
    std::string a, b;
    for (int i = 0; i < 300; ++i) {
        a += "a" + std::to_string(i) + "\n";
        b += "b" + std::to_string(i) + "\n";
    }
    EXPECT_FALSE(diff_lines(a, b, 10'000));
    EXPECT_TRUE(diff_lines(a, b, 100'000));
    // A long shared head and tail cost nothing.
    EXPECT_TRUE(diff_lines(a + "x\n" + a, a + "y\n" + a, 10));
}

TEST(LineDiff, LineEndingsAreNotChanges) {
    auto d = diff_lines("a\r\nb\r\n", "a\nb\n");
    ASSERT_TRUE(d);
    for (const auto& l : *d) EXPECT_EQ(l.kind, K::kSame) << l.text;
}
