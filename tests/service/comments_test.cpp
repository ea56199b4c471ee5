// Readers' use cases over a real store and a hand-moved clock.
#include <gtest/gtest.h>

#include "service/author_token.hpp"
#include "service/comments.hpp"
#include "service/moderation.hpp"
#include "service/policies.hpp"
#include "service_fixture.hpp"

using namespace tribune;
using namespace std::chrono_literals;
using domain::CommentStatus;
using domain::ErrorCode;
using service::CommentChange;
using service::testing::ServiceTest;

namespace {

domain::CommentDraft draft(std::string text, std::string page = "/articles/a") {
    domain::CommentDraft d;
    d.page = std::move(page);
    d.text = std::move(text);
    d.author_name = "Ada";
    return d;
}

}  // namespace

TEST_F(ServiceTest, AnonymousPostWaitsForAModeratorAndIssuesAToken) {
    auto c = ctx();
    auto posted = service::post_comment(c, draft("First thoughts"), reader());
    ASSERT_TRUE(posted) << posted.error().message;
    EXPECT_EQ(posted->comment.status, CommentStatus::kPending);  // pre-moderation by default
    EXPECT_TRUE(posted->token_is_new);
    EXPECT_TRUE(service::is_author_token(posted->author_token));
    EXPECT_EQ(posted->comment.author_token_hash, service::hash_author_token(posted->author_token));
    ASSERT_EQ(sink.comments.size(), 1u);
    EXPECT_EQ(sink.comments[0].first, CommentChange::kCreated);
    EXPECT_EQ(sink.comments[0].second.id, posted->comment.id);
}

TEST_F(ServiceTest, StaffPostsAreApprovedAndNeverRateLimited) {
    auto c = ctx();
    const auto mo = staff(domain::Role::kModerator);
    for (int i = 0; i < 30; ++i) {
        auto posted = service::post_comment(c, draft("Note number " + std::to_string(i)), mo);
        ASSERT_TRUE(posted) << i << ": " << posted.error().message;
        EXPECT_EQ(posted->comment.status, CommentStatus::kApproved);
    }
}

TEST_F(ServiceTest, AnAuthorPostingTooFastIsToldHowLongToWait) {
    auto c = ctx();
    const auto first = service::post_comment(c, draft("one"), reader());
    ASSERT_TRUE(first);
    auto author = reader(service::hash_author_token(first->author_token));
    author.author_token = first->author_token;
    std::optional<domain::Error> refused;
    for (int i = 0; i < 20 && !refused; ++i) {
        auto posted = service::post_comment(c, draft("again " + std::to_string(i)), author);
        if (!posted) refused = posted.error();
    }
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, ErrorCode::kRateLimited);
    EXPECT_GT(refused->retry_after_seconds, 0);
}

TEST_F(ServiceTest, TheEditWindowFollowsTheClock) {
    auto c = ctx();
    auto posted = service::post_comment(c, draft("Typo here"), reader());
    ASSERT_TRUE(posted);
    auto author = reader(service::hash_author_token(posted->author_token));
    author.author_token = posted->author_token;
    clock.advance(rules.limits.edit_window - 1s);
    auto edited = service::edit_comment(c, posted->comment.id, "No typo here", author);
    ASSERT_TRUE(edited) << edited.error().message;
    EXPECT_EQ(edited->text, "No typo here");
    clock.advance(2s);
    auto late = service::edit_comment(c, posted->comment.id, "Too late", author);
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().code, ErrorCode::kConflict);
    // Someone else's pending comment does not exist for them; no credentials at all: asked to
    // authenticate.
    auto other = service::edit_comment(c, posted->comment.id, "Mine now", reader("f00d"));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::kNotFound);
    auto nobody = service::delete_comment(c, posted->comment.id, reader());
    ASSERT_FALSE(nobody);
    EXPECT_EQ(nobody.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(ServiceTest, AClosedThreadRefusesPostsAndItsPagesAreDropped) {
    auto c = ctx();
    const auto mo = staff(domain::Role::kModerator);
    domain::ThreadPolicy closed;
    closed.page = "/articles/a";
    closed.closed = true;
    ASSERT_TRUE(service::set_thread_policy(c, closed, mo));
    EXPECT_EQ(sink.threads, std::vector<std::string>{"/articles/a"});
    auto posted = service::post_comment(c, draft("Hello?"), reader());
    ASSERT_FALSE(posted);
    EXPECT_EQ(posted.error().code, ErrorCode::kConflict);
    EXPECT_TRUE(sink.comments.empty());
    // A reader may not change thread policies.
    auto refused = service::set_thread_policy(c, closed, reader("beef"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
}

TEST_F(ServiceTest, AutoCloseCountsDaysFromTheFirstComment) {
    rules.policy.auto_close_days = 2;
    auto c = ctx();
    const std::string page = "/elsewhere/story";  // not one of Tribune's articles
    ASSERT_TRUE(service::post_comment(c, draft("Early", page), reader()));
    clock.advance(47h);
    auto open = service::effective_policy(c, page);
    ASSERT_TRUE(open);
    EXPECT_FALSE(open->closed);
    clock.advance(2h);
    auto closed = service::effective_policy(c, page);
    ASSERT_TRUE(closed);
    EXPECT_TRUE(closed->closed);
    EXPECT_EQ(closed->closed_reason, "Comments closed 2 days after publication.");
}
