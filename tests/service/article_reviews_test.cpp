// Review requests: who may submit and withdraw which draft, what a non-draft gets, that an
// editor's publication ends the review, the queue, and the audit trail.
#include "service/article_reviews.hpp"

#include <gtest/gtest.h>

#include "service/articles.hpp"
#include "service_fixture.hpp"

namespace tribune::service::testing {
namespace {

using domain::ArticleStatus;
using domain::ErrorCode;

class ArticleReviewsTest : public ServiceTest {
protected:
    void SetUp() override {
        author = staff(domain::Role::kAuthor, "Aud");
        other_author = staff(domain::Role::kAuthor, "Otto");
        editor = staff(domain::Role::kEditor, "Edna");
    }

    domain::Article write(const Actor& who, std::string title) {
        auto c = ctx();
        ArticleDraft d;
        d.title = std::move(title);
        d.body_markdown = "Body.";
        d.status = "draft";
        auto a = create_article(c, who, d);
        EXPECT_TRUE(a.has_value()) << (a ? "" : a.error().message);
        return a ? *a : domain::Article{};
    }

    std::vector<std::string> audit_actions(const domain::Article& a) {
        auto entries = db->list_audit(std::nullopt, 20, "article:" + std::to_string(a.id));
        EXPECT_TRUE(entries.has_value());
        std::vector<std::string> out;
        if (entries)
            for (const auto& e : *entries) out.push_back(e.action + " " + e.actor);
        return out;
    }

    std::vector<std::string> queue(const Actor& who) {
        auto c = ctx();
        store::ArticleQuery q;
        q.status = std::nullopt;
        auto r = list_review_queue(c, who, q);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        std::vector<std::string> out;
        if (r)
            for (const auto& a : *r) out.push_back(a.slug);
        return out;
    }

    Actor author;
    Actor other_author;
    Actor editor;
};

TEST_F(ArticleReviewsTest, AnAuthorSubmitsAndWithdrawsTheirOwnDraftAudited) {
    const auto a = write(author, "Harbour reopens");
    auto c = ctx();
    auto submitted = submit_for_review(c, author, a.slug, true);
    ASSERT_TRUE(submitted.has_value()) << submitted.error().message;
    EXPECT_EQ(submitted->slug, a.slug);
    ASSERT_TRUE(submitted->request.has_value());
    EXPECT_EQ(submitted->request->requested_by, "Aud");
    EXPECT_EQ(submitted->request->requested_at, clock.now());

    // Submitting again keeps the first request and records nothing.
    clock.advance(std::chrono::minutes(5));
    auto again = submit_for_review(c, author, a.slug, true);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->request, submitted->request);

    auto seen = review_request(c, editor, a.slug);
    ASSERT_TRUE(seen.has_value());
    EXPECT_EQ(seen->request, submitted->request);
    EXPECT_EQ(queue(editor), std::vector<std::string>{a.slug});
    EXPECT_EQ(queue(author), std::vector<std::string>{a.slug});
    EXPECT_TRUE(queue(other_author).empty()) << "an author's queue holds only their own";

    auto withdrawn = submit_for_review(c, author, a.slug, false);
    ASSERT_TRUE(withdrawn.has_value());
    EXPECT_FALSE(withdrawn->request.has_value());
    EXPECT_TRUE(queue(editor).empty());
    EXPECT_FALSE(review_request(c, author, a.slug)->request.has_value());

    const auto actions = audit_actions(a);
    ASSERT_EQ(actions.size(), 3u);
    EXPECT_EQ(actions[0], "article.withdraw Aud");
    EXPECT_EQ(actions[1], "article.submit Aud");
    EXPECT_EQ(actions[2], "article.create Aud");
    auto entries = db->list_audit(std::nullopt, 1, "article:" + std::to_string(a.id));
    ASSERT_TRUE(entries.has_value());
    EXPECT_EQ(entries->front().after, "null");
    EXPECT_NE(entries->front().before.find("\"requested_by\":\"Aud\""), std::string::npos) << entries->front().before;
}

TEST_F(ArticleReviewsTest, OthersDraftsAreTheEditorsAndReadersNone) {
    const auto a = write(author, "Harbour reopens");
    auto c = ctx();
    auto stranger = submit_for_review(c, other_author, a.slug, true);
    ASSERT_FALSE(stranger.has_value());
    EXPECT_EQ(stranger.error().code, ErrorCode::kForbidden);
    auto moderator = submit_for_review(c, staff(domain::Role::kModerator, "Mod"), a.slug, true);
    ASSERT_FALSE(moderator.has_value());
    EXPECT_EQ(moderator.error().code, ErrorCode::kForbidden);
    auto anonymous = submit_for_review(c, reader(), a.slug, true);
    ASSERT_FALSE(anonymous.has_value());
    EXPECT_EQ(anonymous.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(review_request(c, reader(), a.slug).error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(review_request(c, other_author, a.slug).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(list_review_queue(c, staff(domain::Role::kModerator, "Mod2"), {}).error().code, ErrorCode::kForbidden);
    EXPECT_EQ(submit_for_review(c, author, "no-such-article", true).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(queue(editor).empty());
    EXPECT_EQ(audit_actions(a).size(), 1u) << "refusals record nothing";

    // An editor hands over anyone's draft (a desk editor may queue one for another editor).
    auto by_editor = submit_for_review(c, editor, a.slug, true);
    ASSERT_TRUE(by_editor.has_value()) << by_editor.error().message;
    EXPECT_EQ(by_editor->request->requested_by, "Edna");
    auto withdrawn = submit_for_review(c, editor, a.slug, false);
    ASSERT_TRUE(withdrawn.has_value());
    EXPECT_FALSE(withdrawn->request.has_value());
}

TEST_F(ArticleReviewsTest, ANonDraftIsAConflictAndPublishingEndsTheReview) {
    const auto a = write(author, "Harbour reopens");
    auto c = ctx();
    ASSERT_TRUE(submit_for_review(c, author, a.slug, true).has_value());

    ArticleDraft publish;
    publish.status = "published";
    auto published = update_article(c, editor, a.slug, publish);
    ASSERT_TRUE(published.has_value()) << published.error().message;
    EXPECT_FALSE(review_request(c, editor, a.slug)->request.has_value()) << "publication ends the review";
    EXPECT_TRUE(queue(editor).empty());

    auto late = submit_for_review(c, editor, a.slug, true);
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, ErrorCode::kConflict);
    auto withdraw = submit_for_review(c, editor, a.slug, false);
    ASSERT_FALSE(withdraw.has_value());
    EXPECT_EQ(withdraw.error().code, ErrorCode::kConflict);
    // Their own article once published: a conflict as well.
    auto authors_late = submit_for_review(c, author, a.slug, true);
    ASSERT_FALSE(authors_late.has_value());
    EXPECT_EQ(authors_late.error().code, ErrorCode::kConflict);
}

}  // namespace
}  // namespace tribune::service::testing
