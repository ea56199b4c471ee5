// Staff use cases: authorization, audit entries and the events every decision reports.
#include <gtest/gtest.h>

#include <set>

#include "service/accounts.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/author_token.hpp"
#include "service/bans.hpp"
#include "service/comments.hpp"
#include "service/moderation.hpp"
#include "service/privacy.hpp"
#include "service/reports.hpp"
#include "service_fixture.hpp"

using namespace tribune;
using namespace std::chrono_literals;
using domain::CommentStatus;
using domain::ErrorCode;
using service::Actor;
using service::CommentChange;
using service::Permission;
using service::testing::ServiceTest;

namespace {

struct Posted {
    domain::Comment comment;
    Actor author;
};

}  // namespace

class ModerationTest : public ServiceTest {
protected:
    Posted post(const std::string& text, const std::string& ip = "192.0.2.1") {
        auto c = ctx();
        domain::CommentDraft d{"/articles/a", text, "Ada", std::nullopt};
        auto who = reader();
        who.client_ip = ip;
        auto posted = service::post_comment(c, d, who);
        EXPECT_TRUE(posted) << posted.error().message;
        Actor author = reader(service::hash_author_token(posted->author_token));
        author.author_token = posted->author_token;
        author.client_ip = ip;
        return {posted->comment, author};
    }
};

TEST_F(ModerationTest, AuthorizeSeparatesReadersModeratorsAndAdmins) {
    const auto mo = staff(domain::Role::kModerator);
    const auto admin = staff(domain::Role::kAdmin, "Ad");
    EXPECT_EQ(service::authorize(reader(), Permission::kModerate).error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(service::authorize(reader("ab"), Permission::kModerate).error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(service::authorize(mo, Permission::kModerate));
    EXPECT_EQ(service::authorize(mo, Permission::kAdminister).error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(service::authorize(admin, Permission::kAdminister));
    EXPECT_TRUE(service::authorize(Actor::command_line_operator(), Permission::kAdminister));
}

TEST_F(ModerationTest, ApprovingIsAuditedAndReportedOnce) {
    const auto p = post("Worth reading");
    const auto mo = staff(domain::Role::kModerator);
    auto c = ctx();
    sink.comments.clear();
    auto approved = service::moderate_comment(c, p.comment.id, "approve", mo);
    ASSERT_TRUE(approved) << approved.error().message;
    EXPECT_EQ(approved->status, CommentStatus::kApproved);
    ASSERT_EQ(sink.comments.size(), 1u);
    EXPECT_EQ(sink.comments[0].first, CommentChange::kUpdated);
    EXPECT_EQ(sink.comments[0].second.status, CommentStatus::kApproved);
    // Approving again changes nothing: no event, no second audit entry.
    ASSERT_TRUE(service::moderate_comment(c, p.comment.id, "approve", mo));
    EXPECT_EQ(sink.comments.size(), 1u);
    auto entries = db->list_audit(std::nullopt, 10, "comment:" + std::to_string(p.comment.id));
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_EQ((*entries)[0].action, "comment.approve");
    EXPECT_EQ((*entries)[0].actor, "Mo");
    EXPECT_NE((*entries)[0].before.find("\"status\":\"pending\""), std::string::npos);
    EXPECT_NE((*entries)[0].after.find("\"status\":\"approved\""), std::string::npos);
}

TEST_F(ModerationTest, TheCommandLineIsAnAuditedModerator) {
    const auto p = post("Held for review");
    auto c = ctx();
    auto rejected = service::moderate_comment(c, p.comment.id, "reject", Actor::command_line_operator());
    ASSERT_TRUE(rejected);
    EXPECT_EQ(rejected->status, CommentStatus::kRejected);
    auto entries = db->list_audit(std::nullopt, 10, "comment:" + std::to_string(p.comment.id));
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 1u);
    EXPECT_EQ((*entries)[0].actor, "cli");
    EXPECT_EQ((*entries)[0].action, "comment.reject");
}

TEST_F(ModerationTest, ReadersCannotModerateAndUnknownActionsAreRefused) {
    const auto p = post("Hmm");
    auto c = ctx();
    EXPECT_EQ(service::moderate_comment(c, p.comment.id, "approve", p.author).error().code, ErrorCode::kForbidden);
    const auto mo = staff(domain::Role::kModerator);
    EXPECT_EQ(service::moderate_comment(c, p.comment.id, "promote", mo).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(db->get_comment(p.comment.id)->status, CommentStatus::kPending);
}

TEST_F(ModerationTest, ABanMarksTheCommentSpamAndStopsTheAuthor) {
    const auto p = post("Buy now", "198.51.100.7");
    const auto mo = staff(domain::Role::kModerator);
    auto c = ctx();
    auto bans = service::ban_author(c, p.comment.id, 7, "spam run", mo);
    ASSERT_TRUE(bans) << bans.error().message;
    EXPECT_EQ(bans->size(), 2u);  // the author token and the address
    EXPECT_EQ(db->get_comment(p.comment.id)->status, CommentStatus::kSpam);
    domain::CommentDraft d{"/articles/a", "Buy again", "Ada", std::nullopt};
    auto again = service::post_comment(c, d, p.author);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kForbidden);
    // A week later the ban has run out.
    clock.advance(24h * 7 + 1s);
    EXPECT_TRUE(service::post_comment(c, d, p.author));
}

TEST_F(ModerationTest, EnoughReportsHideACommentWhenThePolicySaysSo) {
    rules.policy.report_threshold = 2;
    rules.policy.hide_reported = true;
    const auto p = post("Contested claim");
    const auto mo = staff(domain::Role::kModerator);
    auto c = ctx();
    ASSERT_TRUE(service::moderate_comment(c, p.comment.id, "approve", mo));
    sink.comments.clear();
    auto first = reader("aa01");
    first.client_ip = "203.0.113.1";
    auto second = reader("aa02");
    second.client_ip = "203.0.113.2";
    ASSERT_TRUE(service::report_comment(c, p.comment.id, "misleading", first));
    EXPECT_TRUE(sink.comments.empty());
    auto twice = service::report_comment(c, p.comment.id, "misleading", first);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
    auto hidden = service::report_comment(c, p.comment.id, "false", second);
    ASSERT_TRUE(hidden) << hidden.error().message;
    EXPECT_EQ(hidden->comment.status, CommentStatus::kPending);
    ASSERT_EQ(sink.comments.size(), 1u);
    auto entries = db->list_audit(std::nullopt, 10, "comment:" + std::to_string(p.comment.id));
    ASSERT_TRUE(entries);
    EXPECT_EQ(entries->front().action, "comment.hide");
    EXPECT_EQ(entries->front().actor, "reports");
}

TEST_F(ModerationTest, ErasureTellsEveryPageTheAuthorWroteOn) {
    const auto a = post("one");
    auto c = ctx();
    domain::CommentDraft d{"/articles/b", "two", "Ada", std::nullopt};
    ASSERT_TRUE(service::post_comment(c, d, a.author));
    sink.comments.clear();
    const auto admin = staff(domain::Role::kAdmin, "Ad");
    service::AuthorRef ref;
    ref.comment_id = a.comment.id;
    EXPECT_EQ(service::erase_author(c, ref, staff(domain::Role::kModerator)).error().code, ErrorCode::kForbidden);
    auto erased = service::erase_author(c, ref, admin);
    ASSERT_TRUE(erased) << erased.error().message;
    EXPECT_EQ(erased->comments, 2);
    ASSERT_EQ(sink.comments.size(), 2u);
    std::set<std::string> pages;
    for (const auto& [what, comment] : sink.comments) {
        EXPECT_EQ(what, CommentChange::kDeleted);
        pages.insert(comment.page);
    }
    EXPECT_EQ(pages, (std::set<std::string>{"/articles/a", "/articles/b"}));
}

TEST_F(ModerationTest, AdminsCannotDemoteThemselves) {
    const auto admin = staff(domain::Role::kAdmin, "Ad");
    auto c = ctx();
    auto self = service::update_user(c, *admin.viewer.user_id, domain::Role::kModerator, std::nullopt, admin);
    ASSERT_FALSE(self);
    EXPECT_EQ(self.error().code, ErrorCode::kConflict);
    auto bad = service::create_user(c, "not-an-email", "X", domain::Role::kReader, "long enough password", admin);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
    ASSERT_FALSE(bad.error().fields.empty());
    EXPECT_EQ(bad.error().fields.front().field, "email");
}
