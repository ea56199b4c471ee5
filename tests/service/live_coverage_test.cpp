// Live coverage and corrections: who may, what is refused (and changes nothing), the audit log,
// the events that drop caches and reach live readers, and the order and cursor of updates.
#include "service/live_coverage.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "service/articles.hpp"
#include "service_fixture.hpp"

namespace tribune::service::testing {
namespace {

using domain::ErrorCode;

class LiveCoverageTest : public ServiceTest {
protected:
    void SetUp() override {
        editor_ = staff(domain::Role::kEditor, "Edna");
        auto c = ctx();
        ArticleDraft d;
        d.title = "Storm reaches the coast";
        d.body_markdown = "Body.";
        d.authors = std::vector<std::string>{"Maren Oyelaran"};
        auto a = create_article(c, editor_, d);
        ASSERT_TRUE(a) << a.error().message;
        slug_ = a->slug;
        id_ = a->id;
    }
    LiveUpdateDraft body(std::string md, std::optional<bool> pinned = std::nullopt) { return {std::move(md), pinned}; }
    std::vector<std::string> actions() {
        auto audit = db->list_audit(std::nullopt, 50, "article:" + std::to_string(id_));
        std::vector<std::string> out;
        if (audit)
            for (const auto& e : *audit) out.insert(out.begin(), e.action);
        return out;
    }

    Actor editor_;
    std::string slug_;
    std::int64_t id_ = 0;
};

TEST_F(LiveCoverageTest, OnlyEditorsStartCoverageAndPostAndOnlyToALiveArticle) {
    auto c = ctx();
    const Actor author = staff(domain::Role::kAuthor, "Aud");
    EXPECT_EQ(set_live_coverage(c, reader(), slug_, true).error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(set_live_coverage(c, author, slug_, true).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(post_live_update(c, editor_, slug_, body("Early")).error().code, ErrorCode::kConflict);
    EXPECT_EQ(set_live_coverage(c, editor_, "no-such-article", true).error().code, ErrorCode::kNotFound);
    auto on = set_live_coverage(c, editor_, slug_, true);
    ASSERT_TRUE(on) << on.error().message;
    EXPECT_TRUE(on->live);
    EXPECT_TRUE(read_article(c, reader(), slug_)->live);
    EXPECT_EQ(post_live_update(c, author, slug_, body("Hi")).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(post_live_update(c, reader(), slug_, body("Hi")).error().code, ErrorCode::kUnauthenticated);
    auto u = post_live_update(c, editor_, slug_, body("**Roads** closed"));
    ASSERT_TRUE(u) << u.error().message;
    EXPECT_EQ(u->posted_by, "Edna");
    ASSERT_EQ(sink.live_updates.size(), 1u);
    EXPECT_EQ(sink.live_updates[0].first, LiveUpdateChange::kPosted);
    EXPECT_EQ(sink.live_updates[0].second.id, u->id);
    ASSERT_TRUE(set_live_coverage(c, editor_, slug_, false));
    ASSERT_TRUE(set_live_coverage(c, editor_, slug_, false));  // no change: nobody is told
    EXPECT_EQ(post_live_update(c, editor_, slug_, body("After")).error().code, ErrorCode::kConflict);
    EXPECT_EQ(actions(), (std::vector<std::string>{"article.create", "article.live", "live_update.post", "article.live"}));
    EXPECT_EQ(sink.coverage, (std::vector<bool>{true, false})) << "live readers hear each start and end once";
}

TEST_F(LiveCoverageTest, BadUpdatesAreRefusedAndChangeNothing) {
    auto c = ctx();
    ASSERT_TRUE(set_live_coverage(c, editor_, slug_, true));
    const std::size_t events = sink.live_updates.size();
    for (const std::string& bad : {std::string(), std::string(" \n "), std::string(domain::coverage_limits::kLiveUpdate + 1, 'a'),
                                   std::string("bell \x07"), std::string("rtl \xE2\x80\xAE override"), std::string("\xC3\x28")}) {
        auto r = post_live_update(c, editor_, slug_, body(bad));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    }
    EXPECT_EQ(post_live_update(c, editor_, slug_, LiveUpdateDraft{}).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(sink.live_updates.size(), events);
    EXPECT_TRUE(list_live_updates(c, reader(), slug_, std::nullopt, 10)->updates.empty());
}

TEST_F(LiveCoverageTest, UpdatesAreEditedPinnedListedInOrderAndDeleted) {
    auto c = ctx();
    ASSERT_TRUE(set_live_coverage(c, editor_, slug_, true));
    std::vector<std::int64_t> ids;
    for (const char* text : {"one", "two", "three"}) {
        clock.advance(std::chrono::seconds(10));
        ids.push_back(post_live_update(c, editor_, slug_, body(text))->id);
    }
    clock.advance(std::chrono::seconds(10));
    auto pinned = edit_live_update(c, editor_, slug_, ids[0], body("one, corrected", true));
    ASSERT_TRUE(pinned) << pinned.error().message;
    EXPECT_TRUE(pinned->pinned);
    EXPECT_GT(pinned->edited_at, pinned->posted_at);
    EXPECT_EQ(edit_live_update(c, editor_, slug_, ids[1], body("")).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(edit_live_update(c, staff(domain::Role::kModerator, "Mo"), slug_, ids[1], body("x")).error().code,
              ErrorCode::kForbidden);

    auto first = list_live_updates(c, reader(), slug_, std::nullopt, 2);
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_EQ(first->updates.size(), 2u);
    EXPECT_EQ(first->updates[0].body_markdown, "one, corrected");
    EXPECT_EQ(first->updates[1].body_markdown, "three");
    ASSERT_TRUE(first->next_cursor);
    auto rest = list_live_updates(c, reader(), slug_, *first->next_cursor, 2);
    ASSERT_TRUE(rest);
    ASSERT_EQ(rest->updates.size(), 1u);
    EXPECT_EQ(rest->updates[0].body_markdown, "two");
    EXPECT_FALSE(rest->next_cursor);
    EXPECT_FALSE(list_live_updates(c, reader(), slug_, std::string_view("garbage!"), 2));

    ASSERT_TRUE(delete_live_update(c, editor_, slug_, ids[1]));
    EXPECT_EQ(delete_live_update(c, editor_, slug_, ids[1]).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(list_live_updates(c, reader(), slug_, std::nullopt, 10)->updates.size(), 2u);
    ASSERT_FALSE(sink.live_updates.empty());
    EXPECT_EQ(sink.live_updates.back().first, LiveUpdateChange::kDeleted);
    EXPECT_EQ(sink.live_updates.back().second.body_markdown, "two");
    const auto log = actions();
    EXPECT_EQ(std::count(log.begin(), log.end(), "live_update.edit"), 1);
    EXPECT_EQ(log.back(), "live_update.delete");
}

TEST_F(LiveCoverageTest, CorrectionsAreAppendedByEditorsAndShowTheArticleUpdated) {
    auto c = ctx();
    const Actor author = staff(domain::Role::kAuthor, "Aud");
    EXPECT_EQ(add_correction(c, author, slug_, "Nope").error().code, ErrorCode::kForbidden);
    EXPECT_EQ(add_correction(c, editor_, slug_, "").error().code, ErrorCode::kInvalid);
    EXPECT_EQ(add_correction(c, editor_, slug_, "two\nlines").error().code, ErrorCode::kInvalid);
    EXPECT_EQ(add_correction(c, editor_, slug_, std::string(domain::coverage_limits::kCorrection + 1, 'x')).error().code,
              ErrorCode::kInvalid);
    EXPECT_TRUE(read_article(c, reader(), slug_)->corrections.empty());
    clock.advance(std::chrono::hours(3));
    const std::size_t before = sink.articles.size();
    auto made = add_correction(c, editor_, slug_, "An earlier version gave the wrong wind speed.");
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_EQ(made->by, "Edna");
    EXPECT_EQ(sink.articles.size(), before + 1) << "the article's cached pages drop";
    auto a = read_article(c, reader(), slug_);
    ASSERT_EQ(a->corrections.size(), 1u);
    EXPECT_EQ(a->corrections[0].text, "An earlier version gave the wrong wind speed.");
    EXPECT_EQ(a->updated_at, clock.now());
    EXPECT_TRUE(a->shows_updated());
    EXPECT_EQ(actions().back(), "article.correct");

    ASSERT_TRUE(unpublish_article(c, editor_, slug_));
    EXPECT_EQ(add_correction(c, editor_, slug_, "Too late").error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace tribune::service::testing
