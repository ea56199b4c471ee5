// Readers signing in without a password (service/sign_in.hpp) and their own account
// (service/reader_account.hpp), over a real SQLite store.
#include "service/sign_in.hpp"

#include <gtest/gtest.h>

#include "outbound/oidc_client.hpp"
#include "service/author_token.hpp"
#include "service/comments.hpp"
#include "service/policies.hpp"
#include "service/reader_account.hpp"
#include "service_fixture.hpp"

using namespace tribune;
using namespace std::chrono_literals;
using service::testing::ServiceTest;

namespace {

class SignInTest : public ServiceTest {
protected:
    SignInTest() {
        rules.identity.email_links = true;
        rules.identity.site_url = "https://news.example";
        rules.identity.return_origins = {"https://host.example"};
    }

    // The link the last sign-in mail carries: its token, derived as the mail composer does.
    std::string last_link_token() {
        store::MessageQuery q;
        q.channel = store::OutboxChannel::kMail;
        auto messages = db->list_messages(q);
        EXPECT_TRUE(messages);
        for (const auto& m : *messages) {
            if (m.event_type != "sign_in_link") continue;
            auto request = db->pending_sign_in_request(m.subject_id, clock.now());
            if (request && *request) return service::sign_in_link_token(guards.mail_key, (*request)->nonce);
        }
        return {};
    }

    int sign_in_mails() {
        store::MessageQuery q;
        q.channel = store::OutboxChannel::kMail;
        auto messages = db->list_messages(q);
        EXPECT_TRUE(messages);
        int n = 0;
        for (const auto& m : *messages) n += m.event_type == "sign_in_link";
        return n;
    }

    service::Actor as_session(const service::Login& login) {
        service::Actor a;
        a.session = true;
        a.credentials = true;
        a.viewer.user_id = login.user.id;
        a.viewer.name = login.user.name;
        a.viewer.role = login.user.role;
        a.viewer.verified = login.user.email_verified;
        a.client_ip = "192.0.2.7";
        return a;
    }
};

TEST(SignInReturnTo, OnlyLocalPathsAndAllowedHostPages) {
    service::IdentityConfig c;
    c.site_url = "https://news.example";
    c.return_origins = {"https://host.example", "http://localhost:8000"};
    EXPECT_EQ(service::checked_return_to(c, "/articles/a?x=1"), "/articles/a?x=1");
    EXPECT_EQ(service::checked_return_to(c, "https://host.example/story#frag"), "https://host.example/story");
    EXPECT_EQ(service::checked_return_to(c, "HTTPS://HOST.example/s"), "HTTPS://HOST.example/s");
    EXPECT_EQ(service::checked_return_to(c, "http://localhost:8000/p"), "http://localhost:8000/p");
    EXPECT_EQ(service::checked_return_to(c, "https://news.example/x"), "https://news.example/x");
    for (std::string_view bad : {"//evil.example/x", "https://evil.example/", "https://host.example.evil.example/",
                                 "https://user@host.example/", "javascript:alert(1)", "/a\\b", "/a\nb", "relative",
                                 "http://host.example/", ""})
        EXPECT_EQ(service::checked_return_to(c, bad), "") << bad;
    EXPECT_EQ(service::checked_return_to(c, "/" + std::string(3000, 'a')), "");
    EXPECT_TRUE(service::is_host_page("https://host.example/story"));
    EXPECT_FALSE(service::is_host_page("/articles/a"));
}

TEST_F(SignInTest, LinkSignsInOnceAndMakesAVerifiedReader) {
    auto c = ctx();
    ASSERT_TRUE(service::request_sign_in_link(c, "Ada@Example.org", "/articles/x", "", "192.0.2.1"));
    const std::string token = last_link_token();
    ASSERT_FALSE(token.empty());
    auto done = service::use_sign_in_link(c, token, "192.0.2.1");
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->login.user.email, "ada@example.org");
    EXPECT_TRUE(done->login.user.email_verified);
    EXPECT_EQ(done->login.user.role, domain::Role::kReader);
    EXPECT_EQ(done->return_to, "/articles/x");
    EXPECT_EQ(done->mode, "page");
    auto again = service::use_sign_in_link(c, token, "192.0.2.1");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, domain::ErrorCode::kUnauthenticated);
    // The session it opened is a real one.
    auto session = service::find_session(c, service::hash_author_token(done->login.token));
    ASSERT_TRUE(session && *session);
    EXPECT_EQ((*session)->viewer.user_id, done->login.user.id);
}

TEST_F(SignInTest, LinkExpiresAfterFifteenMinutes) {
    auto c = ctx();
    ASSERT_TRUE(service::request_sign_in_link(c, "late@example.org", "", "", "192.0.2.1"));
    const std::string token = last_link_token();
    clock.advance(16min);
    auto used = service::use_sign_in_link(c, token, "192.0.2.1");
    ASSERT_FALSE(used);
    EXPECT_EQ(used.error().code, domain::ErrorCode::kUnauthenticated);
    EXPECT_FALSE(service::use_sign_in_link(c, "made-up", "192.0.2.1"));
}

TEST_F(SignInTest, SameAnswerForStaffButNoLinkIsMade) {
    (void)staff(domain::Role::kAdmin, "boss");
    auto c = ctx();
    ASSERT_TRUE(service::request_sign_in_link(c, "boss@example.org", "", "", "192.0.2.1"));
    EXPECT_EQ(sign_in_mails(), 0);
    ASSERT_TRUE(service::request_sign_in_link(c, "new@example.org", "", "", "192.0.2.2"));
    EXPECT_EQ(sign_in_mails(), 1);
}

TEST_F(SignInTest, LimitsPerAddressAndRefusesBadAddresses) {
    auto c = ctx();
    for (int i = 0; i < service::kSignInLinksPerAddress; ++i)
        ASSERT_TRUE(service::request_sign_in_link(c, "busy@example.org", "", "", "192.0.2." + std::to_string(10 + i)));
    auto over = service::request_sign_in_link(c, "busy@example.org", "", "", "192.0.2.50");
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, domain::ErrorCode::kRateLimited);
    auto bad = service::request_sign_in_link(c, "not an address", "", "", "192.0.2.51");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, domain::ErrorCode::kInvalid);
    rules.identity.email_links = false;
    auto off = service::request_sign_in_link(c, "ok@example.org", "", "", "192.0.2.52");
    ASSERT_FALSE(off);
    EXPECT_EQ(off.error().code, domain::ErrorCode::kNotFound);
}

TEST_F(SignInTest, WidgetLinkCarriesTheHostPageAndAHandoffCodeWorksOnceForItsBrowser) {
    auto c = ctx();
    const std::string verifier = service::new_author_token() + "-widget-secret";
    const std::string challenge = outbound::pkce_challenge(verifier);
    ASSERT_TRUE(service::request_sign_in_link(c, "w@example.org", "https://host.example/story#x", challenge, "192.0.2.1"));
    auto done = service::use_sign_in_link(c, last_link_token(), "192.0.2.1");
    ASSERT_TRUE(done);
    EXPECT_EQ(done->return_to, "https://host.example/story");
    EXPECT_EQ(done->mode, "widget");
    EXPECT_EQ(done->handoff_challenge, challenge);
    auto code = service::new_handoff_code(c, done->login.user.id, done->handoff_challenge);
    ASSERT_TRUE(code);
    auto missing = service::use_handoff_code(c, *code, "", "192.0.2.1");  // refused before it is taken
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, domain::ErrorCode::kInvalid);
    auto login = service::use_handoff_code(c, *code, verifier, "192.0.2.1");
    ASSERT_TRUE(login) << login.error().message;
    EXPECT_EQ(login->user.id, done->login.user.id);
    EXPECT_FALSE(service::use_handoff_code(c, *code, verifier, "192.0.2.1"));
    // A code made for another browser's challenge is refused, and used up.
    auto stolen = service::new_handoff_code(c, done->login.user.id, done->handoff_challenge);
    ASSERT_TRUE(stolen);
    auto other = service::use_handoff_code(c, *stolen, service::new_author_token() + "-another-browser", "192.0.2.1");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, domain::ErrorCode::kUnauthenticated);
    EXPECT_FALSE(service::use_handoff_code(c, *stolen, verifier, "192.0.2.1"));
    auto late = service::new_handoff_code(c, done->login.user.id, done->handoff_challenge);
    clock.advance(6min);
    EXPECT_FALSE(service::use_handoff_code(c, *late, verifier, "192.0.2.1"));
    EXPECT_FALSE(service::new_handoff_code(c, done->login.user.id, ""));
}

TEST_F(SignInTest, AHostPageWithoutAChallengeEndsOnTribunesOwnPages) {
    auto c = ctx();
    ASSERT_TRUE(service::request_sign_in_link(c, "nochallenge@example.org", "https://host.example/story", "", "192.0.2.1"));
    auto done = service::use_sign_in_link(c, last_link_token(), "192.0.2.1");
    ASSERT_TRUE(done);
    EXPECT_EQ(done->return_to, "");
    EXPECT_EQ(done->mode, "page");
}

TEST_F(SignInTest, TheAdminTokenIsNeverAskedToSignIn) {
    rules.policy.signin_required = true;
    auto c = ctx();
    service::Actor token;
    token.admin_token = true;
    token.credentials = true;
    token.viewer.role = domain::Role::kAdmin;
    token.client_ip = "192.0.2.3";
    auto posted = service::post_comment(c, domain::CommentDraft{"/articles/t", "From automation", "Bot", {}}, token, {});
    EXPECT_TRUE(posted) << posted.error().message;
}

TEST_F(SignInTest, AccountNameShowsOnEveryCommentAndClaimsTakeEarlierOnes) {
    auto c = ctx();
    // An anonymous comment first, under an author token.
    auto anonymous = service::post_comment(c, domain::CommentDraft{"/articles/a", "Before signing in", "Anon", {}},
                                           reader(), {});
    ASSERT_TRUE(anonymous) << anonymous.error().message;
    ASSERT_TRUE(service::request_sign_in_link(c, "named@example.org", "", "", "192.0.2.1"));
    auto done = service::use_sign_in_link(c, last_link_token(), "192.0.2.1");
    ASSERT_TRUE(done);
    const auto me = as_session(done->login);
    auto claimed = service::claim_own_comments(c, me, anonymous->author_token);
    ASSERT_TRUE(claimed) << claimed.error().message;
    EXPECT_EQ(*claimed, 1);
    auto renamed = service::rename_own_account(c, me, "Ada L.");
    ASSERT_TRUE(renamed) << renamed.error().message;
    EXPECT_EQ(renamed->name, "Ada L.");
    auto stored = db->get_comment(anonymous->comment.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->author.name, "Ada L.");
    EXPECT_EQ(stored->author.user_id, done->login.user.id);
    auto mine = service::own_comments(c, me, 10, std::nullopt);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].id, anonymous->comment.id);
    auto blank = service::rename_own_account(c, me, "   ");
    ASSERT_FALSE(blank);
    EXPECT_EQ(blank.error().code, domain::ErrorCode::kInvalid);
    EXPECT_FALSE(service::own_account(c, reader()));
}

TEST_F(SignInTest, SignInRequiredRefusesAnonymousReadersOnly) {
    rules.policy.signin_required = true;
    auto c = ctx();
    auto refused = service::post_comment(c, domain::CommentDraft{"/articles/b", "Hello", "Anon", {}}, reader(), {});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::kUnauthenticated);
    EXPECT_EQ(refused.error().title, "Sign in to comment");
    ASSERT_TRUE(service::request_sign_in_link(c, "member@example.org", "", "", "192.0.2.1"));
    auto done = service::use_sign_in_link(c, last_link_token(), "192.0.2.1");
    ASSERT_TRUE(done);
    auto posted = service::post_comment(c, domain::CommentDraft{"/articles/b", "Hello", "Ignored", {}},
                                        as_session(done->login), {});
    ASSERT_TRUE(posted) << posted.error().message;
    EXPECT_EQ(posted->comment.author.name, done->login.user.name);
    EXPECT_TRUE(posted->comment.author.verified);
}

TEST_F(SignInTest, AfterARejectionAnAnonymousAuthorMustSignIn) {
    rules.policy.signin_after_rejection = true;
    rules.policy.moderation = domain::ModerationMode::kPostModerate;
    auto c = ctx();
    auto first = service::post_comment(c, domain::CommentDraft{"/articles/c", "First words", "Anon", {}}, reader(), {});
    ASSERT_TRUE(first) << first.error().message;
    const auto author = reader(service::hash_author_token(first->author_token));
    auto with_token = author;
    with_token.author_token = first->author_token;
    auto second = service::post_comment(c, domain::CommentDraft{"/articles/c", "Second words", "Anon", {}}, with_token, {});
    ASSERT_TRUE(second) << second.error().message;
    domain::Comment rejected = first->comment;
    ASSERT_TRUE(db->set_status(rejected.id, domain::CommentStatus::kRejected, std::nullopt));
    auto third = service::post_comment(c, domain::CommentDraft{"/articles/c", "Third words", "Anon", {}}, with_token, {});
    ASSERT_FALSE(third);
    EXPECT_EQ(third.error().code, domain::ErrorCode::kUnauthenticated);
    // Another anonymous reader is not affected.
    EXPECT_TRUE(service::post_comment(c, domain::CommentDraft{"/articles/c", "Someone else", "Other", {}}, reader(), {}));
}

}  // namespace
