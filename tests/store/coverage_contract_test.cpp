// Live coverage and corrections (store/article_store.hpp) on both engines: the live flag,
// append-only corrections that mark the article updated, and live updates with their order
// (pinned first, newest first), cursor, edits and deletes.
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
using domain::ErrorCode;
using domain::LiveUpdate;

const domain::Time kCoverageT0 = domain::from_micros(1'760'000'000'000'000);
domain::Time coverage_at(int seconds) { return kCoverageT0 + std::chrono::seconds(seconds); }

template <class Factory>
class CoverageContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = factory_.open();
        auto a = insert_article(*store_, make_article("storm", "Ada Reporter", coverage_at(0)));
        ASSERT_TRUE(a.has_value()) << a.error().message;
        article_ = *a;
    }
    Store& store() { return *store_; }
    const Article& article() const { return article_; }

    LiveUpdate post(std::string body, int seconds, bool pinned = false) {
        LiveUpdate u;
        u.article_id = article_.id;
        u.posted_at = coverage_at(seconds);
        u.posted_by = "editor:ed";
        u.body_markdown = std::move(body);
        u.pinned = pinned;
        auto r = store().add_live_update(u);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : LiveUpdate{};
    }

    std::vector<std::string> bodies(LiveUpdateQuery q) {
        auto r = store().live_updates(q);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        std::vector<std::string> out;
        if (r) for (const auto& u : *r) out.push_back(u.body_markdown);
        return out;
    }

private:
    Factory factory_;
    std::unique_ptr<Store> store_;
    Article article_;
};

TYPED_TEST_SUITE(CoverageContract, testing::Engines);

TYPED_TEST(CoverageContract, LiveFlagIsSetApartFromSavesAndKeptByThem) {
    EXPECT_FALSE(this->store().get_article("storm")->live);
    ASSERT_TRUE(this->store().set_article_live(this->article().id, true).has_value());
    EXPECT_TRUE(this->store().get_article("storm")->live);
    Article edited = *this->store().get_article("storm");
    edited.title = "Storm, edited";
    ASSERT_TRUE(insert_article(this->store(), edited).has_value());
    EXPECT_TRUE(this->store().get_article("storm")->live);
    ASSERT_TRUE(this->store().set_article_live(this->article().id, false).has_value());
    EXPECT_FALSE(this->store().get_article("storm")->live);
    EXPECT_EQ(this->store().set_article_live(999999, true).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(CoverageContract, CorrectionsAppendInOrderAndMarkTheArticleUpdated) {
    auto first = this->store().add_correction(this->article().id, {0, coverage_at(600), "An earlier version misspelled Köln.", "editor:ed"});
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_GT(first->id, 0);
    auto second = this->store().add_correction(this->article().id, {0, coverage_at(900), "The toll is 3, not 4.", "editor:ed"});
    ASSERT_TRUE(second.has_value());

    auto got = this->store().get_article("storm");
    ASSERT_TRUE(got.has_value());
    ASSERT_EQ(got->corrections.size(), 2u);
    EXPECT_EQ(got->corrections[0], *first);
    EXPECT_EQ(got->corrections[1].text, "The toll is 3, not 4.");
    EXPECT_EQ(got->corrections[1].at, coverage_at(900));
    EXPECT_EQ(got->updated_at, coverage_at(900));
    EXPECT_EQ(got->revision, 1);  // a correction is no new version of the text

    auto listed = this->store().list_articles({});
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().corrections, got->corrections);
    EXPECT_EQ(this->store().article_for_page(got->page_key())->corrections.size(), 2u);

    EXPECT_EQ(this->store().add_correction(999999, {0, coverage_at(1), "x", "e"}).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(CoverageContract, CorrectionsAreBounded) {
    for (int i = 0; i < domain::coverage_limits::kMaxCorrections; ++i)
        ASSERT_TRUE(this->store().add_correction(this->article().id, {0, coverage_at(i + 1), "c" + std::to_string(i), "e"}).has_value());
    auto over = this->store().add_correction(this->article().id, {0, coverage_at(5000), "one too many", "e"});
    ASSERT_FALSE(over.has_value());
    EXPECT_EQ(over.error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->store().get_article("storm")->corrections.size(),
              static_cast<std::size_t>(domain::coverage_limits::kMaxCorrections));
}

TYPED_TEST(CoverageContract, UpdatesComePinnedFirstThenNewestFirstWithACursor) {
    this->post("one", 10);
    this->post("two", 20);
    this->post("pinned", 5, true);
    this->post("three", 30);
    this->post("three-b", 30);  // same second: the later id first
    EXPECT_EQ(this->bodies({this->article().id, std::nullopt, 10}),
              (std::vector<std::string>{"pinned", "three-b", "three", "two", "one"}));

    auto page = this->store().live_updates({this->article().id, std::nullopt, 2});
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->size(), 2u);
    const auto& last = page->back();
    LiveUpdateQuery next{this->article().id, LiveUpdateQuery::After{last.pinned, last.posted_at, last.id}, 2};
    EXPECT_EQ(this->bodies(next), (std::vector<std::string>{"three", "two"}));
    auto tail = this->store().live_updates(next);
    const auto& end = tail->back();
    EXPECT_EQ(this->bodies({this->article().id, LiveUpdateQuery::After{end.pinned, end.posted_at, end.id}, 2}),
              (std::vector<std::string>{"one"}));

    Article other = make_article("calm", "Ada Reporter", coverage_at(1));
    auto stored = insert_article(this->store(), other);
    EXPECT_TRUE(this->bodies({stored->id, std::nullopt, 10}).empty());
}

TYPED_TEST(CoverageContract, UpdatesAreEditedPinnedAndDeleted) {
    const LiveUpdate u = this->post("**Roads** closed", 10);
    EXPECT_GT(u.id, 0);
    auto got = this->store().get_live_update(this->article().id, u.id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, u);
    EXPECT_EQ(got->edited_at, domain::Time{});

    LiveUpdate change = u;
    change.body_markdown = "Roads **reopened**";
    change.pinned = true;
    change.edited_at = coverage_at(50);
    change.posted_by = "someone else";  // kept as it was
    auto edited = this->store().edit_live_update(change);
    ASSERT_TRUE(edited.has_value()) << edited.error().message;
    EXPECT_EQ(edited->body_markdown, "Roads **reopened**");
    EXPECT_TRUE(edited->pinned);
    EXPECT_EQ(edited->edited_at, coverage_at(50));
    EXPECT_EQ(edited->posted_at, coverage_at(10));
    EXPECT_EQ(edited->posted_by, "editor:ed");

    // An update is found only under its own article.
    Article other = make_article("calm", "Ada Reporter", coverage_at(1));
    auto stored = insert_article(this->store(), other);
    EXPECT_EQ(this->store().get_live_update(stored->id, u.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().delete_live_update(stored->id, u.id).error().code, ErrorCode::kNotFound);
    LiveUpdate wrong = change;
    wrong.article_id = stored->id;
    EXPECT_EQ(this->store().edit_live_update(wrong).error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(this->store().delete_live_update(this->article().id, u.id).has_value());
    EXPECT_EQ(this->store().get_live_update(this->article().id, u.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().delete_live_update(this->article().id, u.id).error().code, ErrorCode::kNotFound);
    LiveUpdate orphan;
    orphan.article_id = 999999;
    orphan.body_markdown = "x";
    EXPECT_EQ(this->store().add_live_update(orphan).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(CoverageContract, ExportAndImportCarryTheLiveFlagCorrectionsAndUpdates) {
    ASSERT_TRUE(this->store().set_article_live(this->article().id, true).has_value());
    ASSERT_TRUE(this->store().add_correction(this->article().id, {0, coverage_at(60), "Fixed a name.", "editor:ed"}).has_value());
    const LiveUpdate pinned = this->post("Pinned **note**", 10, true);
    const LiveUpdate later = this->post("Later", 20);
    LiveUpdate edited = later;
    edited.body_markdown = "Later, edited";
    edited.edited_at = coverage_at(30);
    ASSERT_TRUE(this->store().edit_live_update(edited).has_value());

    TypeParam other;
    auto target = other.open();
    StoreExport rows(this->store(), 1);  // one row a batch: the cursor walks the table
    auto stored = target->import_all(rows, {});
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    EXPECT_EQ(stored->article_corrections, 1);
    EXPECT_EQ(stored->live_updates, 2);
    auto source_summary = summarize(this->store(), 100);
    auto target_summary = summarize(*target, 100);
    ASSERT_TRUE(source_summary.has_value() && target_summary.has_value());
    EXPECT_EQ(*target_summary, *source_summary) << describe(*target_summary) << " vs " << describe(*source_summary);

    auto copy = target->get_article("storm");
    ASSERT_TRUE(copy.has_value());
    EXPECT_TRUE(copy->live);
    EXPECT_EQ(copy->corrections, this->store().get_article("storm")->corrections);
    auto a = this->store().live_updates({this->article().id, std::nullopt, 10});
    auto b = target->live_updates({copy->id, std::nullopt, 10});
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(b->front(), pinned);
    // New rows continue after the imported ids.
    LiveUpdate fresh;
    fresh.article_id = copy->id;
    fresh.body_markdown = "After the move";
    auto added = target->add_live_update(fresh);
    ASSERT_TRUE(added.has_value()) << added.error().message;
    EXPECT_GT(added->id, later.id);
    auto corrected = target->add_correction(copy->id, {0, coverage_at(90), "Another.", "e"});
    ASSERT_TRUE(corrected.has_value()) << corrected.error().message;
    EXPECT_GT(corrected->id, copy->corrections.front().id);
}

}  // namespace
}  // namespace tribune::store
