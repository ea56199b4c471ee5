#include "metrics/text_format.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace tribune::metrics;

TEST(TextFormat, EscapesLabelValues) {
    EXPECT_EQ(escape_label_value("plain /api/v1/{id}"), "plain /api/v1/{id}");
    EXPECT_EQ(escape_label_value("a\\b"), "a\\\\b");
    EXPECT_EQ(escape_label_value("say \"hi\""), "say \\\"hi\\\"");
    EXPECT_EQ(escape_label_value("two\nlines"), "two\\nlines");
    EXPECT_EQ(escape_label_value("\\\"\n"), "\\\\\\\"\\n");
}

TEST(TextFormat, EscapesHelpButNotQuotes) {
    EXPECT_EQ(escape_help("a \"quoted\" \\ word\nnext"), "a \"quoted\" \\\\ word\\nnext");
}

TEST(TextFormat, FormatsNumbers) {
    EXPECT_EQ(format_number(0), "0");
    EXPECT_EQ(format_number(0.25), "0.25");
    EXPECT_EQ(format_number(1e-4), "0.0001");
    EXPECT_EQ(format_number(-2.5), "-2.5");
    EXPECT_EQ(format_number(1234567), "1234567");
    EXPECT_EQ(format_number(1e-9), "1e-09");
    EXPECT_EQ(format_number(1e20), "1e+20");
    EXPECT_EQ(format_number(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_number(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_number(std::nan("")), "NaN");
}

TEST(TextFormat, WritesFamiliesAndSamples) {
    TextWriter out;
    out.family("things_total", "counter", "Things seen\nso far.");
    out.sample("things_total", {{"kind", "a\"b"}, {"where", "x\\y"}}, std::uint64_t{7});
    out.family("level", "gauge", "A level.");
    out.sample("level", {}, std::int64_t{-3});
    out.sample("level", {{"k", "v"}}, 1.5);
    EXPECT_EQ(out.text(),
              "# HELP things_total Things seen\\nso far.\n"
              "# TYPE things_total counter\n"
              "things_total{kind=\"a\\\"b\",where=\"x\\\\y\"} 7\n"
              "# HELP level A level.\n"
              "# TYPE level gauge\n"
              "level -3\n"
              "level{k=\"v\"} 1.5\n");
}

TEST(TextFormat, WritesHistogramsCumulativelyInExposedUnits) {
    Histogram<SecondsBuckets> h;
    h.observe(std::uint64_t{50'000});         // 50 us: the first bucket (0.0001)
    h.observe(std::uint64_t{100'000});        // exactly on a bound: that bucket ("le")
    h.observe(std::uint64_t{3'000'000});      // 3 ms: le=0.005
    h.observe(std::uint64_t{20'000'000'000}); // 20 s: only +Inf
    TextWriter out;
    out.histogram("wait_seconds", {{"route", "/x"}}, h.snapshot());
    const std::string& t = out.text();
    EXPECT_NE(t.find("wait_seconds_bucket{route=\"/x\",le=\"0.0001\"} 2\n"), std::string::npos) << t;
    EXPECT_NE(t.find("wait_seconds_bucket{route=\"/x\",le=\"0.0025\"} 2\n"), std::string::npos) << t;
    EXPECT_NE(t.find("wait_seconds_bucket{route=\"/x\",le=\"0.005\"} 3\n"), std::string::npos) << t;
    EXPECT_NE(t.find("wait_seconds_bucket{route=\"/x\",le=\"10\"} 3\n"), std::string::npos) << t;
    EXPECT_NE(t.find("wait_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n"), std::string::npos) << t;
    EXPECT_NE(t.find("wait_seconds_sum{route=\"/x\"} 20.00315\n"), std::string::npos) << t;
    EXPECT_NE(t.find("wait_seconds_count{route=\"/x\"} 4\n"), std::string::npos) << t;
    // Buckets in increasing order, the +Inf one last, one line per bound.
    EXPECT_LT(t.find("le=\"0.0001\""), t.find("le=\"0.00025\""));
    EXPECT_LT(t.find("le=\"10\""), t.find("le=\"+Inf\""));
    std::size_t lines = 0;
    for (char c : t) lines += c == '\n';
    EXPECT_EQ(lines, SecondsBuckets::kBounds.size() + 1 + 2);
}

TEST(TextFormat, CountHistogramsKeepWholeUnits) {
    Histogram<CountBuckets> h;
    h.observe(std::uint64_t{3});
    h.observe(std::uint64_t{300});
    TextWriter out;
    out.histogram("jobs", {}, h.snapshot());
    EXPECT_NE(out.text().find("jobs_bucket{le=\"4\"} 1\n"), std::string::npos) << out.text();
    EXPECT_NE(out.text().find("jobs_bucket{le=\"256\"} 1\n"), std::string::npos);
    EXPECT_NE(out.text().find("jobs_bucket{le=\"+Inf\"} 2\n"), std::string::npos);
    EXPECT_NE(out.text().find("jobs_sum 303\n"), std::string::npos);
}
