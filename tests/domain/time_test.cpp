#include "domain/time.hpp"

#include <gtest/gtest.h>

#include "domain/article.hpp"

using namespace tribune::domain;

TEST(Time, FormatsRfc3339Utc) {
    const auto t = parse_rfc3339("2026-03-15T04:53:00Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_rfc3339(*t), "2026-03-15T04:53:00Z");
    EXPECT_EQ(to_micros(*t), 1773550380LL * 1000000);
}

TEST(Time, ParsesFractionsAndRejectsOtherShapes) {
    const auto t = parse_rfc3339("2026-03-15T04:53:00.123456Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(to_micros(*t) % 1000000, 123456);
    EXPECT_FALSE(parse_rfc3339("2026-03-15 04:53:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-03-15T04:53:00+01:00"));
    EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-03-15T24:00:00Z"));
    EXPECT_FALSE(parse_rfc3339("2026-03-15T04:53:00.Z"));
}

TEST(Time, MicrosRoundTrip) { EXPECT_EQ(to_micros(from_micros(42)), 42); }

TEST(Duration, FormatsLikeAPlayer) {
    EXPECT_EQ(format_duration(293), "04:53");
    EXPECT_EQ(format_duration(0), "00:00");
    EXPECT_EQ(format_duration(3723), "1:02:03");
}
