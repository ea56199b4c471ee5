#include "render/date_format.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

const domain::Time kT = domain::from_micros(1'773'550'380'123'456);  // 2026-03-15T04:53:00.123456Z

TEST(DateFormat, ExactTime) { EXPECT_EQ(exact_time(kT), "15 Mar 2026, 04:53 UTC"); }

TEST(DateFormat, ShortDate) {
    EXPECT_EQ(short_date(kT), "Mar 15, 2026");
    EXPECT_EQ(short_date(domain::from_micros(0)), "Jan 1, 1970");
}

TEST(DateFormat, DateElement) {
    EXPECT_EQ(date_element(kT),
              "<time datetime=\"2026-03-15T04:53:00Z\" title=\"15 Mar 2026, 04:53 UTC\">Mar 15, 2026</time>");
}

TEST(DateFormat, IsoDuration) {
    EXPECT_EQ(iso_duration(293), "PT4M53S");
    EXPECT_EQ(iso_duration(0), "PT0S");
    EXPECT_EQ(iso_duration(-5), "PT0S");
    EXPECT_EQ(iso_duration(60), "PT1M");
    EXPECT_EQ(iso_duration(3723), "PT1H2M3S");
}

TEST(DateFormat, DurationElement) {
    EXPECT_EQ(duration_element(293), "<time datetime=\"PT4M53S\">04:53</time>");
    EXPECT_EQ(duration_element(3723), "<time datetime=\"PT1H2M3S\">1:02:03</time>");
}

}  // namespace
}  // namespace tribune::render
