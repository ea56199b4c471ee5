// Search over articles (ArticleStore::search_articles) on both engines: English stemming,
// ranking, only published articles, re-indexing on every save, query text that is never
// syntax, plain-text snippets with markers, sections and pages.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "article_helpers.hpp"
#include "domain/search_text.hpp"
#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::Article;
using domain::ArticleStatus;

const domain::Time kSearchT0 = domain::from_micros(1'760'000'000'000'000);
domain::Time search_time(int seconds) { return kSearchT0 + std::chrono::seconds(seconds); }

template <class Factory>
class ArticleSearchContract : public ::testing::Test {
protected:
    void SetUp() override { store_ = factory_.open(); }
    Store& store() { return *store_; }

    Article add(std::string slug, std::string title, std::string body, int published_s,
                ArticleStatus status = ArticleStatus::kPublished) {
        Article a = make_article(std::move(slug), "Search Desk", search_time(published_s));
        a.title = std::move(title);
        a.body_markdown = std::move(body);
        a.status = status;
        auto r = insert_article(store(), a);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : Article{};
    }

    std::vector<SearchHit> hits(std::string text, int limit = 20, int offset = 0, std::string section = "") {
        auto r = store().search_articles(SearchQuery{std::move(text), std::move(section), limit, offset});
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : std::vector<SearchHit>{};
    }

    std::vector<std::string> found(std::string text, int limit = 20, int offset = 0, std::string section = "") {
        std::vector<std::string> out;
        for (const auto& h : hits(std::move(text), limit, offset, std::move(section))) out.push_back(h.article.slug);
        return out;
    }

private:
    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(ArticleSearchContract, testing::Engines);

TYPED_TEST(ArticleSearchContract, StemsEnglishWords) {
    this->add("ferry", "Ferry timetable", "The ferry **runs** late on Sundays.", 1);
    this->add("other", "Council budget", "Nothing about boats.", 2);
    EXPECT_EQ(this->found("running"), std::vector<std::string>{"ferry"});
    EXPECT_EQ(this->found("run"), std::vector<std::string>{"ferry"});
    EXPECT_EQ(this->found("RUNS Ferries"), std::vector<std::string>{"ferry"});
    EXPECT_TRUE(this->found("kayak").empty());
    // Every word must match.
    EXPECT_TRUE(this->found("ferry budget").empty());
}

TYPED_TEST(ArticleSearchContract, RanksTitleMatchesAboveBodyMatchesWithAStableTieBreak) {
    // The body-only match is newer, so only the rank puts the title match first.
    this->add("in-title", "Lighthouse restored", "Work finished this week.", 1);
    this->add("in-body", "Coast news", "Volunteers painted the old lighthouse white.", 50);
    EXPECT_EQ(this->found("lighthouse"), (std::vector<std::string>{"in-title", "in-body"}));
    auto h = this->hits("lighthouse");
    ASSERT_EQ(h.size(), 2u);
    EXPECT_GT(h[0].rank, h[1].rank);
    // Equal texts rank equally: newest first.
    this->add("twin-a", "Twin report", "Identical harbour text.", 10);
    this->add("twin-b", "Twin report", "Identical harbour text.", 20);
    EXPECT_EQ(this->found("identical"), (std::vector<std::string>{"twin-b", "twin-a"}));
}

TYPED_TEST(ArticleSearchContract, FindsPublishedArticlesOnly) {
    this->add("pub", "Market opens", "Stalls everywhere.", 1);
    this->add("draft", "Market draft", "Stalls everywhere.", 2, ArticleStatus::kDraft);
    this->add("later", "Market scheduled", "Stalls everywhere.", 3, ArticleStatus::kScheduled);
    this->add("gone", "Market unpublished", "Stalls everywhere.", 4, ArticleStatus::kUnpublished);
    EXPECT_EQ(this->found("market stalls"), std::vector<std::string>{"pub"});
}

TYPED_TEST(ArticleSearchContract, EverySaveReindexes) {
    Article a = this->add("story", "Harbour story", "Apples at the quay.", 1);
    EXPECT_EQ(this->found("apples"), std::vector<std::string>{"story"});
    a.body_markdown = "Pears at the quay.";
    a.updated_at = search_time(5);
    ASSERT_TRUE(insert_article(this->store(), a).has_value());
    EXPECT_TRUE(this->found("apples").empty());
    EXPECT_EQ(this->found("pears"), std::vector<std::string>{"story"});
    a.title = "Renamed piece";
    a.revision = 2;
    ASSERT_TRUE(insert_article(this->store(), a).has_value());
    EXPECT_TRUE(this->found("harbour").empty());
    EXPECT_EQ(this->found("renamed"), std::vector<std::string>{"story"});
    a.status = ArticleStatus::kUnpublished;
    ASSERT_TRUE(insert_article(this->store(), a).has_value());
    EXPECT_TRUE(this->found("pears").empty());
    a.status = ArticleStatus::kPublished;
    ASSERT_TRUE(insert_article(this->store(), a).has_value());
    EXPECT_EQ(this->found("pears"), std::vector<std::string>{"story"});
}

TYPED_TEST(ArticleSearchContract, QueryTextIsNeverSyntax) {
    this->add("keeper", "Keeper retires", "After forty years near the rocks.", 1);
    for (const char* q : {"\"keeper", "keeper\"", "keeper NEAR(rocks years)", "title:keeper", "keeper AND NOT rocks",
                          "keeper OR", "-keeper", "keeper*", "^keeper", "(keeper", "{title summary}: keeper",
                          "keeper & !rocks | x", "keeper <-> rocks", "'keeper'", "keeper:*", "\\", "NEAR", "AND",
                          "\"\"", "*", "keeper \xC2\xAB rocks", "\xE2\x80\x9Ckeeper\xE2\x80\x9D"}) {
        auto r = this->store().search_articles(SearchQuery{q, "", 20, 0});
        EXPECT_TRUE(r.has_value()) << q << ": " << (r ? "" : r.error().message);
    }
    // What would be syntax is dropped or read as a word: a column filter becomes the word
    // "title", which the article lacks; a prefix star is dropped.
    EXPECT_EQ(this->found("\"keeper\" rocks"), std::vector<std::string>{"keeper"});
    EXPECT_EQ(this->found("title:keeper"), std::vector<std::string>{});  // "title" is a word it lacks
    EXPECT_EQ(this->found("keeper*"), std::vector<std::string>{"keeper"});
    EXPECT_TRUE(this->found("\"*:^()").empty());
    EXPECT_TRUE(this->found("").empty());
}

TYPED_TEST(ArticleSearchContract, SnippetsArePlainTextWithMarkedWords) {
    this->add("links", "Pier notice", "See [the *pier* plan](https://example.com/secretword) and `<b>code</b>`.", 1);
    auto h = this->hits("pier");
    ASSERT_EQ(h.size(), 1u);
    const std::string& s = h[0].snippet;
    EXPECT_NE(s.find(domain::kMarkStart), std::string::npos) << s;
    EXPECT_NE(s.find(domain::kMarkEnd), std::string::npos) << s;
    bool marked_pier = false;
    for (const auto& part : domain::snippet_parts(s))
        marked_pier = marked_pier || (part.highlighted && (part.text == "pier" || part.text == "Pier"));
    EXPECT_TRUE(marked_pier) << s;
    auto body = this->hits("code");
    ASSERT_EQ(body.size(), 1u);
    EXPECT_NE(body[0].snippet.find("<b>"), std::string::npos) << "code is text: " << body[0].snippet;
    EXPECT_EQ(body[0].snippet.find("]("), std::string::npos) << "no Markdown: " << body[0].snippet;
    // A link's URL is no text of the article.
    EXPECT_TRUE(this->found("secretword").empty());
}

TYPED_TEST(ArticleSearchContract, FiltersBySectionAndPagesByOffset) {
    for (int i = 0; i < 7; ++i) {
        Article a = make_article("tide-" + std::to_string(i), "Search Desk", search_time(10 + i));
        a.title = "Tide table";
        a.body_markdown = "High water.";
        if (i % 2 == 0) a.section = domain::NamedRef{"Coast", "coast"};
        ASSERT_TRUE(insert_article(this->store(), a).has_value());
    }
    const auto all = this->found("tide", 20);
    ASSERT_EQ(all.size(), 7u);
    std::vector<std::string> paged;
    for (int offset = 0; offset < 7; offset += 3) {
        auto page = this->found("tide", 3, offset);
        EXPECT_LE(page.size(), 3u);
        paged.insert(paged.end(), page.begin(), page.end());
    }
    EXPECT_EQ(paged, all);
    EXPECT_TRUE(this->found("tide", 3, 9).empty());
    EXPECT_EQ(this->found("tide", 20, 0, "coast"), (std::vector<std::string>{"tide-6", "tide-4", "tide-2", "tide-0"}));
    EXPECT_TRUE(this->found("tide", 20, 0, "no-such-section").empty());
    // The authors come with each hit.
    auto h = this->hits("tide", 1);
    ASSERT_EQ(h.size(), 1u);
    ASSERT_EQ(h[0].article.authors.size(), 1u);
    EXPECT_EQ(h[0].article.authors[0].name, "Search Desk");
}

}  // namespace
}  // namespace tribune::store
