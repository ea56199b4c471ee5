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

TEST(Time, ParsesOffsetsAsTheUtcInstantTheyName) {
    const auto utc = parse_rfc3339("2026-01-15T12:00:00Z");
    ASSERT_TRUE(utc);
    EXPECT_EQ(parse_rfc3339_offset("2026-01-15T12:00:00Z"), utc);
    EXPECT_EQ(parse_rfc3339_offset("2026-01-15t12:00:00z"), utc);
    EXPECT_EQ(parse_rfc3339_offset("2026-01-15T13:30:00+01:30"), utc);
    EXPECT_EQ(parse_rfc3339_offset("2026-01-15T07:00:00-05:00"), utc);
    EXPECT_EQ(parse_rfc3339_offset("2026-01-15T12:00:00-00:00"), utc);
    // Across a day and a year boundary, with a fraction.
    const auto t = parse_rfc3339_offset("2026-01-01T00:30:00.25+02:00");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_rfc3339(*t), "2025-12-31T22:30:00Z");
    EXPECT_EQ(to_micros(*t) % 1000000, 250000);
}

TEST(Time, OffsetParserRejectsOtherShapes) {
    EXPECT_FALSE(parse_rfc3339_offset("2026-01-15T12:00:00"));        // no zone
    EXPECT_FALSE(parse_rfc3339_offset("2026-01-15"));                  // a date only
    EXPECT_FALSE(parse_rfc3339_offset("2026-01-15T12:00:00+0100"));    // no colon
    EXPECT_FALSE(parse_rfc3339_offset("2026-01-15T12:00:00+01"));      // no minutes
    EXPECT_FALSE(parse_rfc3339_offset("2026-01-15T12:00:00+24:00"));   // out of range
    EXPECT_FALSE(parse_rfc3339_offset("2026-01-15T12:00:00+01:60"));
    EXPECT_FALSE(parse_rfc3339_offset("2026-01-15T12:00:00+01:00 "));  // trailing text
    EXPECT_FALSE(parse_rfc3339_offset("2026-01-15T12:00:00Z+01:00"));
    EXPECT_FALSE(parse_rfc3339_offset("2026-02-30T12:00:00+01:00"));
    EXPECT_FALSE(parse_rfc3339_offset(""));
    // The UTC-only parser still refuses offsets.
    EXPECT_FALSE(parse_rfc3339("2026-01-15T12:00:00+00:00"));
}

TEST(Time, MicrosRoundTrip) { EXPECT_EQ(to_micros(from_micros(42)), 42); }

TEST(Duration, FormatsLikeAPlayer) {
    EXPECT_EQ(format_duration(293), "04:53");
    EXPECT_EQ(format_duration(0), "00:00");
    EXPECT_EQ(format_duration(3723), "1:02:03");
}
