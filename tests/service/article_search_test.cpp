// The search use case: bounds on what a reader types, published articles only for everyone,
// and pages that end.
#include "service/article_search.hpp"

#include <gtest/gtest.h>

#include "domain/search_text.hpp"
#include "service/articles.hpp"
#include "service_fixture.hpp"

namespace tribune::service::testing {
namespace {

using domain::ErrorCode;

class ArticleSearchTest : public ServiceTest {
protected:
    void publish(std::string title, std::string status = "published") {
        ArticleDraft d;
        d.title = std::move(title);
        d.body_markdown = "The ferry runs at dawn.";
        d.status = std::move(status);
        if (!editor_) editor_ = staff(domain::Role::kAdmin, "Edna");
        auto c = ctx();
        auto a = create_article(c, *editor_, d);
        ASSERT_TRUE(a) << a.error().message;
    }
    std::optional<Actor> editor_;
    std::vector<std::string> titles(const SearchResults& r) {
        std::vector<std::string> out;
        for (const auto& h : r.hits) out.push_back(h.article.title);
        return out;
    }
};

TEST_F(ArticleSearchTest, EveryoneFindsPublishedArticlesOnly) {
    publish("Ferry news");
    publish("Ferry draft", "draft");
    auto c = ctx();
    for (const Actor& who : {reader(), *editor_}) {
        auto r = search_articles(c, who, {"running ferry", "", 20, 0});
        ASSERT_TRUE(r) << r.error().message;
        EXPECT_EQ(titles(*r), std::vector<std::string>{"Ferry news"});
        ASSERT_EQ(r->hits.size(), 1u);
        EXPECT_NE(r->hits[0].snippet.find(domain::kMarkStart), std::string::npos);
    }
}

TEST_F(ArticleSearchTest, RefusesQueriesPastTheBoundsAndBadParameters) {
    auto c = ctx();
    auto long_q = search_articles(c, reader(), {std::string(201, 'a'), "", 20, 0});
    ASSERT_FALSE(long_q);
    EXPECT_EQ(long_q.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(long_q.error().fields.at(0).field, "q");
    EXPECT_EQ(search_articles(c, reader(), {"a b c d e f g h i j k", "", 20, 0}).error().fields.at(0).field, "q");
    EXPECT_EQ(search_articles(c, reader(), {"ferry", "", 0, 0}).error().fields.at(0).field, "limit");
    EXPECT_EQ(search_articles(c, reader(), {"ferry", "", 101, 0}).error().fields.at(0).field, "limit");
    EXPECT_EQ(search_articles(c, reader(), {"ferry", "Not A Slug", 20, 0}).error().fields.at(0).field, "section");
    EXPECT_FALSE(search_articles(c, reader(), {"ferry", "", 20, domain::search_limits::kMaxDepth + 1}));
    auto nothing = search_articles(c, reader(), {"\"*:()", "", 20, 0});
    ASSERT_TRUE(nothing);
    EXPECT_TRUE(nothing->hits.empty());
}

TEST_F(ArticleSearchTest, PagesSayWhereTheNextStartsAndStopAtTheDeepestPage) {
    for (int i = 0; i < 5; ++i) publish("Ferry " + std::to_string(i));
    auto c = ctx();
    auto first = search_articles(c, reader(), {"ferry", "", 2, 0});
    ASSERT_TRUE(first);
    EXPECT_EQ(first->hits.size(), 2u);
    EXPECT_EQ(first->next_offset, 2);
    auto last = search_articles(c, reader(), {"ferry", "", 2, 4});
    ASSERT_TRUE(last);
    EXPECT_EQ(last->hits.size(), 1u);
    EXPECT_FALSE(last->next_offset);
    auto exact = search_articles(c, reader(), {"ferry", "", 5, 0});
    ASSERT_TRUE(exact);
    EXPECT_EQ(exact->hits.size(), 5u);
    EXPECT_FALSE(exact->next_offset) << "five results fill the page: no empty page after";
    // Near the deepest page the page shrinks and no cursor leads past it.
    auto deep = search_articles(c, reader(), {"ferry", "", 20, domain::search_limits::kMaxDepth});
    ASSERT_TRUE(deep);
    EXPECT_TRUE(deep->hits.empty());
    EXPECT_FALSE(deep->next_offset);
}

}  // namespace
}  // namespace tribune::service::testing
