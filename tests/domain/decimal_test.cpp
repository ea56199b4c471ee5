#include "domain/decimal.hpp"

#include <gtest/gtest.h>

using namespace tribune::domain;

TEST(ParseInteger, TakesCanonicalDecimalOnly) {
    EXPECT_EQ(parse_integer("0"), 0);
    EXPECT_EQ(parse_integer("7"), 7);
    EXPECT_EQ(parse_integer("-1"), -1);
    EXPECT_EQ(parse_integer("999999999999999999"), 999999999999999999LL);  // 18 digits
    EXPECT_EQ(parse_integer("-999999999999999999"), -999999999999999999LL);
    for (const char* bad : {"", "-", "07", "00", "-0", "-07", "+7", " 7", "7 ", "7a", "0x7", "1e3", "1.0",
                            "1000000000000000000" /* 19 digits */, "99999999999999999999", "--1", "٣"})
        EXPECT_FALSE(parse_integer(bad)) << '"' << bad << '"';
}

TEST(ParseInteger, PositiveIsAtLeastOne) {
    EXPECT_EQ(parse_positive("1"), 1);
    EXPECT_EQ(parse_positive("42"), 42);
    for (const char* bad : {"0", "-1", "01", ""}) EXPECT_FALSE(parse_positive(bad)) << '"' << bad << '"';
}
