#include "domain/policy.hpp"

#include <gtest/gtest.h>

#include "domain/content_filter.hpp"

using namespace tribune::domain;
using namespace std::chrono_literals;

namespace {

const Limits kPolicyLimits{};
const Time kNow = from_micros(1'800'000'000'000'000);

Viewer reader(std::string token_hash) {
    Viewer v;
    v.author_token_hash = std::move(token_hash);
    return v;
}

Viewer moderator() {
    Viewer v;
    v.role = Role::kModerator;
    v.user_id = 7;
    v.name = "Desk";
    return v;
}

Comment stored(CommentId id, CommentStatus status, std::string token_hash, std::optional<CommentId> parent = {}) {
    Comment c;
    c.id = id;
    c.page = "/p";
    c.parent_id = parent;
    c.status = status;
    c.author_token_hash = std::move(token_hash);
    c.created_at = kNow - 1min;
    c.text = "hello";
    return c;
}

CommentDraft draft(std::string text = "hello") { return CommentDraft{"/p", std::move(text), std::nullopt, std::nullopt}; }

}  // namespace

TEST(Admit, ReadersArePendingUnderPreModeration) {
    auto c = admit(draft(), reader("h1"), std::nullopt, kNow, Screening{ModerationMode::kPreModerate, false, {}}, kPolicyLimits);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->status, CommentStatus::kPending);
    EXPECT_EQ(c->author.name, "No Name");
    EXPECT_EQ(c->author.role, Role::kReader);
    EXPECT_EQ(c->author_token_hash, "h1");
    EXPECT_EQ(c->created_at, kNow);
}

TEST(Admit, PostModerationAndStaffAreApprovedAtOnce) {
    auto post = admit(draft(), reader("h1"), std::nullopt, kNow, Screening{ModerationMode::kPostModerate, false, {}}, kPolicyLimits);
    ASSERT_TRUE(post);
    EXPECT_EQ(post->status, CommentStatus::kApproved);
    auto staff = admit(draft(), moderator(), std::nullopt, kNow, Screening{ModerationMode::kPreModerate, false, {}}, kPolicyLimits);
    ASSERT_TRUE(staff);
    EXPECT_EQ(staff->status, CommentStatus::kApproved);
    EXPECT_EQ(staff->author.name, "Desk");
    EXPECT_EQ(staff->author.role, Role::kModerator);
}

TEST(Admit, AReaderCannotClaimTheBadgeByName) {
    CommentDraft d = draft();
    d.author_name = "Moderator";
    auto c = admit(d, reader("h1"), std::nullopt, kNow, Screening{ModerationMode::kPreModerate, false, {}}, kPolicyLimits);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->author.name, "Moderator");
    EXPECT_EQ(c->author.role, Role::kReader);
}

TEST(Admit, ReplyToAReplyAttachesToTheTopLevelComment) {
    CommentDraft d = draft();
    d.parent_id = 5;
    auto c = admit(d, reader("h1"), stored(5, CommentStatus::kApproved, "x", 2), kNow, Screening{ModerationMode::kPreModerate, false, {}},
                   kPolicyLimits);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->parent_id, 2);
}

TEST(Admit, RefusesParentsThatAreMissingHiddenOrElsewhere) {
    CommentDraft d = draft();
    d.parent_id = 5;
    EXPECT_EQ(admit(d, reader("h1"), std::nullopt, kNow, Screening{ModerationMode::kPreModerate, false, {}}, kPolicyLimits).error().code,
              ErrorCode::kNotFound);
    // Someone else's pending comment is invisible, so it can't be replied to.
    EXPECT_EQ(admit(d, reader("h1"), stored(5, CommentStatus::kPending, "other"), kNow, Screening{ModerationMode::kPreModerate, false, {}},
                    kPolicyLimits)
                  .error()
                  .code,
              ErrorCode::kNotFound);
    Comment elsewhere = stored(5, CommentStatus::kApproved, "x");
    elsewhere.page = "/other";
    EXPECT_FALSE(admit(d, reader("h1"), elsewhere, kNow, Screening{ModerationMode::kPreModerate, false, {}}, kPolicyLimits));
}

TEST(Visibility, PendingIsForItsAuthorAndStaffOnly) {
    const Comment c = stored(1, CommentStatus::kPending, "mine");
    EXPECT_TRUE(can_see(reader("mine"), c));
    EXPECT_FALSE(can_see(reader("theirs"), c));
    EXPECT_FALSE(can_see(reader(""), c));
    EXPECT_TRUE(can_see(moderator(), c));
    EXPECT_FALSE(can_see(reader("mine"), stored(1, CommentStatus::kRejected, "mine")));
    EXPECT_TRUE(can_see(reader(""), stored(1, CommentStatus::kApproved, "x")));
}

TEST(Edit, AuthorWithinTheWindowOnly) {
    Comment c = stored(1, CommentStatus::kApproved, "mine");
    EXPECT_TRUE(check_edit(reader("mine"), c, kNow, kPolicyLimits));
    EXPECT_EQ(check_edit(reader("theirs"), c, kNow, kPolicyLimits).error().code, ErrorCode::kForbidden);
    c.created_at = kNow - 16min;
    EXPECT_EQ(check_edit(reader("mine"), c, kNow, kPolicyLimits).error().code, ErrorCode::kConflict);
    EXPECT_TRUE(check_edit(moderator(), c, kNow, kPolicyLimits));
}

TEST(Edit, HiddenCommentsAreNotFoundAndDeletedOnesConflict) {
    EXPECT_EQ(check_edit(reader("x"), stored(1, CommentStatus::kPending, "mine"), kNow, kPolicyLimits).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(check_edit(moderator(), stored(1, CommentStatus::kDeleted, "mine"), kNow, kPolicyLimits).error().code,
              ErrorCode::kConflict);
}

TEST(Delete, AuthorAnyTimeAndStaff) {
    Comment c = stored(1, CommentStatus::kApproved, "mine");
    c.created_at = kNow - 1000h;
    EXPECT_TRUE(check_delete(reader("mine"), c));
    EXPECT_TRUE(check_delete(moderator(), c));
    EXPECT_EQ(check_delete(reader("theirs"), c).error().code, ErrorCode::kForbidden);
}

// The links mode and the link limit use one detector: "Awww." is no link to either.
TEST(Decide, PreLinksHoldsExactlyWhatTheLinkLimitCountsAsALink) {
    const Screening links{ModerationMode::kPreModerateLinks, false, {}};
    for (const char* text : {"Awww. What a lovely boat.", "so cute, awww.", "no links at all"}) {
        EXPECT_EQ(count_links(text), 0) << text;
        EXPECT_EQ(decide(text, links).status, CommentStatus::kApproved) << text;
    }
    for (const char* text : {"see www.example.org", "https://example.org/tide", "(www.a.example)"}) {
        EXPECT_GT(count_links(text), 0) << text;
        const Admission held = decide(text, links);
        EXPECT_EQ(held.status, CommentStatus::kPending) << text;
        EXPECT_EQ(held.reason, "contains a link") << text;
    }
}
