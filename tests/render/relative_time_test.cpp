#include "render/relative_time.hpp"

#include <gtest/gtest.h>

namespace tribune::render {
namespace {

using std::chrono::seconds;

const domain::Time kNow = domain::from_micros(1'773'550'380'000'000);  // 2026-03-15T04:53:00Z

std::string ago(std::int64_t s) { return relative_time(kNow - seconds{s}, kNow); }

constexpr std::int64_t kMin = 60, kHour = 3600, kDay = 86400;

TEST(RelativeTime, JustNowBelow45Seconds) {
    EXPECT_EQ(ago(0), "just now");
    EXPECT_EQ(ago(44), "just now");
    EXPECT_EQ(relative_time(kNow - std::chrono::microseconds{44'999'999}, kNow), "just now");
}

TEST(RelativeTime, FutureIsJustNow) {
    EXPECT_EQ(relative_time(kNow + seconds{10}, kNow), "just now");
    EXPECT_EQ(relative_time(kNow + seconds{10 * kDay}, kNow), "just now");
}

TEST(RelativeTime, Minutes) {
    EXPECT_EQ(ago(45), "1 minute ago");
    EXPECT_EQ(ago(119), "1 minute ago");
    EXPECT_EQ(ago(120), "2 minutes ago");
    EXPECT_EQ(ago(59 * kMin + 59), "59 minutes ago");
}

TEST(RelativeTime, Hours) {
    EXPECT_EQ(ago(kHour), "1 hour ago");
    EXPECT_EQ(ago(2 * kHour - 1), "1 hour ago");
    EXPECT_EQ(ago(2 * kHour), "2 hours ago");
    EXPECT_EQ(ago(kDay - 1), "23 hours ago");
}

TEST(RelativeTime, Days) {
    EXPECT_EQ(ago(kDay), "1 day ago");
    EXPECT_EQ(ago(2 * kDay), "2 days ago");
    EXPECT_EQ(ago(30 * kDay - 1), "29 days ago");
}

TEST(RelativeTime, Months) {
    EXPECT_EQ(ago(30 * kDay), "1 month ago");
    EXPECT_EQ(ago(60 * kDay), "2 months ago");
    EXPECT_EQ(ago(364 * kDay), "12 months ago");
}

TEST(RelativeTime, Years) {
    EXPECT_EQ(ago(365 * kDay), "1 year ago");
    EXPECT_EQ(ago(2 * 365 * kDay - 1), "1 year ago");
    EXPECT_EQ(ago(4 * 365 * kDay + 10 * kDay), "4 years ago");
}

TEST(RelativeTimeElement, CarriesInstantAndExactTitle) {
    const domain::Time then = kNow - seconds{4 * 365 * kDay + 2 * kDay};
    EXPECT_EQ(relative_time_element(kNow, kNow),
              "<time datetime=\"2026-03-15T04:53:00Z\" title=\"15 Mar 2026, 04:53 UTC\">just now</time>");
    const std::string el = relative_time_element(then, kNow);
    EXPECT_NE(el.find(">4 years ago</time>"), std::string::npos) << el;
    EXPECT_NE(el.find("datetime=\"2022-03-14T04:53:00Z\""), std::string::npos) << el;
}

}  // namespace
}  // namespace tribune::render
