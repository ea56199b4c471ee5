// The demo articles as files (content/demo/*.md) say what the C++ seeds (app/demo_articles.cpp)
// say, to the byte. Goes when the seeds do.
#include "app/demo_files.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "app/article_file.hpp"
#include "app/demo_publication.hpp"
#include "domain/time.hpp"

namespace tribune::app {
namespace {

TEST(DemoFiles, AreTheFiveDemoArticles) {
    std::set<std::string> names;
    for (const auto& f : demo_article_files()) names.insert(std::string(f.name));
    const std::set<std::string> expected{
        std::string(demo::kTideGaugeSlug) + ".md", std::string(demo::kBroadbandSlug) + ".md",
        std::string(demo::kCycleLaneSlug) + ".md", std::string(demo::kSealCountSlug) + ".md",
        std::string(demo::kLogbooksSlug) + ".md"};
    EXPECT_EQ(names, expected);
    EXPECT_EQ(demo_article_files().size(), 5u);
}

TEST(DemoFiles, ParseAndNameTheirSectionAndTags) {
    for (const auto& f : demo_article_files()) {
        SCOPED_TRACE(std::string(f.name));
        auto parsed = parse_article_file(f.text);
        ASSERT_TRUE(parsed) << parsed.error().message;
        EXPECT_EQ(std::string(f.name), parsed->slug + ".md");
        EXPECT_FALSE(parsed->section.empty());
        EXPECT_GE(parsed->tags.size(), 2u);
        EXPECT_EQ(parsed->authors.size(), 1u);
        ASSERT_TRUE(parsed->date);
        // Written against the instant seeding moves to the start time: none is dated after it.
        EXPECT_LE(*parsed->date, *domain::parse_rfc3339(demo::kFilesWrittenAt));
        EXPECT_GT(parsed->body_markdown.size(), 1000u);
    }
}

}  // namespace
}  // namespace tribune::app
