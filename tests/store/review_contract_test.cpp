// Review requests (store/article_store.hpp) on both engines: set, replaced and cleared apart
// from saves; only drafts take one; a save out of draft clears it; the review queue
// (ArticleQuery::for_review) with its filters and cursor; export and import carry them.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "article_helpers.hpp"
#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::Article;
using domain::ArticleStatus;
using domain::ErrorCode;
using domain::ReviewRequest;

// A query of every status, then `change` applied to it.
template <class Change>
ArticleQuery any_status(Change change) {
    ArticleQuery q;
    q.status = std::nullopt;
    change(q);
    return q;
}
ArticleQuery any_status() {
    return any_status([](ArticleQuery&) {});
}

const domain::Time kReviewT0 = domain::from_micros(1'770'000'000'000'000);
domain::Time review_at(int seconds) { return kReviewT0 + std::chrono::seconds(seconds); }

template <class Factory>
class ReviewContract : public ::testing::Test {
protected:
    void SetUp() override { store_ = factory_.open(); }
    Store& store() { return *store_; }

    // A draft by `author`, last changed at `seconds`.
    Article draft(std::string slug, std::string author, int seconds) {
        Article a = make_article(std::move(slug), std::move(author), review_at(seconds));
        a.status = ArticleStatus::kDraft;
        auto stored = insert_article(store(), a);
        EXPECT_TRUE(stored.has_value()) << (stored ? "" : stored.error().message);
        return stored ? *stored : Article{};
    }

    void request(const Article& a, int seconds, std::string by) {
        auto ok = store().set_review_request(a.id, ReviewRequest{review_at(seconds), std::move(by)});
        ASSERT_TRUE(ok.has_value()) << ok.error().message;
    }

    std::optional<ReviewRequest> request_of(const Article& a) {
        auto r = store().review_request(a.id);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : std::nullopt;
    }

    std::vector<std::string> queue(ArticleQuery q) {
        q.for_review = true;
        auto r = store().list_articles(q);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        std::vector<std::string> out;
        if (r)
            for (const auto& a : *r) {
                EXPECT_TRUE(a.review.has_value()) << a.slug;
                out.push_back(a.slug);
            }
        return out;
    }

private:
    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(ReviewContract, testing::Engines);

TYPED_TEST(ReviewContract, ARequestIsSetReplacedAndClearedApartFromSaves) {
    const Article a = this->draft("harbour", "Ada Reporter", 0);
    EXPECT_EQ(this->request_of(a), std::nullopt);
    this->request(a, 60, "Ada Reporter");
    EXPECT_EQ(this->request_of(a), (ReviewRequest{review_at(60), "Ada Reporter"}));
    // No new revision: the request is not part of the article.
    EXPECT_EQ(this->store().get_article("harbour")->revision, a.revision);
    this->request(a, 120, "Eve Editor");
    EXPECT_EQ(this->request_of(a), (ReviewRequest{review_at(120), "Eve Editor"}));

    // A draft saved again keeps its request.
    Article edited = *this->store().get_article("harbour");
    edited.title = "Harbour, edited";
    ASSERT_TRUE(insert_article(this->store(), edited).has_value());
    EXPECT_EQ(this->request_of(a), (ReviewRequest{review_at(120), "Eve Editor"}));

    ASSERT_TRUE(this->store().set_review_request(a.id, std::nullopt).has_value());
    EXPECT_EQ(this->request_of(a), std::nullopt);
    EXPECT_TRUE(this->store().set_review_request(a.id, std::nullopt).has_value()) << "clearing none is no error";

    EXPECT_EQ(this->store().set_review_request(999999, ReviewRequest{review_at(1), "x"}).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(this->store().set_review_request(999999, std::nullopt).error().code, ErrorCode::kNotFound);
    auto none = this->store().review_request(999999);
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, std::nullopt);
}

TYPED_TEST(ReviewContract, OnlyADraftTakesARequest) {
    Article published = make_article("live-now", "Ada Reporter", review_at(0));
    auto stored = insert_article(this->store(), published);
    ASSERT_TRUE(stored.has_value());
    auto refused = this->store().set_review_request(stored->id, ReviewRequest{review_at(5), "Ada Reporter"});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->request_of(*stored), std::nullopt);
    EXPECT_TRUE(this->store().set_review_request(stored->id, std::nullopt).has_value());
}

TYPED_TEST(ReviewContract, ASaveOutOfDraftEndsTheReview) {
    for (const ArticleStatus status : {ArticleStatus::kScheduled, ArticleStatus::kPublished, ArticleStatus::kUnpublished}) {
        const std::string slug = "story-" + std::string(domain::to_string(status));
        const Article a = this->draft(slug, "Ada Reporter", 0);
        this->request(a, 30, "Ada Reporter");
        Article moved = *this->store().get_article(slug);
        moved.status = status;
        ASSERT_TRUE(insert_article(this->store(), moved).has_value());
        EXPECT_EQ(this->request_of(a), std::nullopt) << slug;
        EXPECT_TRUE(this->queue(any_status()).empty()) << slug;
    }
}

TYPED_TEST(ReviewContract, TheQueueHoldsOnlyRequestedArticlesWithTheListsFiltersAndCursor) {
    const Article a = this->draft("alpha", "Ada Reporter", 10);
    const Article b = this->draft("bravo", "Ada Reporter", 20);
    const Article c = this->draft("charlie", "Bo Writer", 30);
    this->draft("delta", "Bo Writer", 40);  // never submitted
    this->request(a, 100, "Ada Reporter");
    this->request(c, 50, "Bo Writer");
    (void)b;

    // Last change first, as the staff lists.
    EXPECT_EQ(this->queue(any_status()), (std::vector<std::string>{"charlie", "alpha"}));
    EXPECT_EQ(this->queue(any_status([](ArticleQuery& q) { q.status = ArticleStatus::kDraft; })), (std::vector<std::string>{"charlie", "alpha"}));
    EXPECT_TRUE(this->queue(any_status([](ArticleQuery& q) { q.status = ArticleStatus::kPublished; })).empty());
    EXPECT_EQ(this->queue(any_status([](ArticleQuery& q) { q.author = "ada-reporter"; })), (std::vector<std::string>{"alpha"}));
    EXPECT_EQ(this->queue(any_status([](ArticleQuery& q) { q.exclude = "charlie"; })), (std::vector<std::string>{"alpha"}));
    EXPECT_EQ(this->queue(any_status([](ArticleQuery& q) { q.limit = 1; })), (std::vector<std::string>{"charlie"}));
    EXPECT_EQ(this->queue(any_status([&](ArticleQuery& q) { q.after = std::pair{review_at(30), c.id}; })),
              (std::vector<std::string>{"alpha"}));

    // The queue's articles carry their request, names and all; other lists leave it empty.
    ArticleQuery q = any_status([](ArticleQuery& x) { x.for_review = true; });
    auto listed = this->store().list_articles(q);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ(listed->back().review, (ReviewRequest{review_at(100), "Ada Reporter"}));
    EXPECT_EQ(listed->back().authors, a.authors);
    auto all = this->store().list_articles(any_status());
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(all->size(), 4u);
    for (const auto& x : *all) EXPECT_FALSE(x.review.has_value()) << x.slug;
}

TYPED_TEST(ReviewContract, ExportAndImportCarryTheRequests) {
    const Article a = this->draft("alpha", "Ada Reporter", 10);
    const Article b = this->draft("bravo", "Ada Reporter", 20);
    this->request(a, 100, "Ada Reporter");

    TypeParam other;
    auto target = other.open();
    StoreExport rows(this->store(), 1);  // one row a batch: the cursor walks the table
    auto stored = target->import_all(rows, {});
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    EXPECT_EQ(stored->articles, 2);
    EXPECT_EQ(stored->article_reviews, 1);
    auto source_summary = summarize(this->store(), 100);
    auto target_summary = summarize(*target, 100);
    ASSERT_TRUE(source_summary.has_value() && target_summary.has_value());
    EXPECT_EQ(*target_summary, *source_summary) << describe(*target_summary) << " vs " << describe(*source_summary);

    auto copied = target->review_request(target->get_article("alpha")->id);
    ASSERT_TRUE(copied.has_value());
    EXPECT_EQ(*copied, (ReviewRequest{review_at(100), "Ada Reporter"}));
    auto none = target->review_request(target->get_article("bravo")->id);
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, std::nullopt);

    // A request is part of the content the checksum covers: withdrawing it shows.
    ASSERT_TRUE(target->set_review_request(target->get_article("alpha")->id, std::nullopt).has_value());
    auto after = summarize(*target, 100);
    ASSERT_TRUE(after.has_value());
    EXPECT_NE(after->checksum, source_summary->checksum);
    EXPECT_EQ(after->article_reviews, 0);
    (void)b;

    // Replacing a store's content drops its requests with its articles.
    StoreExport again(this->store(), 100);
    auto replaced = target->import_all(again, {.replace_existing = true});
    ASSERT_TRUE(replaced.has_value()) << replaced.error().message;
    EXPECT_EQ(replaced->article_reviews, 1);
}

}  // namespace
}  // namespace tribune::store
