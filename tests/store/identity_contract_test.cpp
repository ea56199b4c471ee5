// The identity role (store/identity_store.hpp) on both engines: pending sign-ins used once, swept
// when expired and counted; accounts for a proved address and for identities other systems
// vouch for (known, linked by a verified address, never to staff, new under the address or a
// placeholder, concurrent first sign-ins ending with one account); comments claimed and renamed;
// an account's own comments paged; every argument bounded; the columns the role added kept by
// the account, comment and policy roles; and a person's sign-ins erased with them.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "domain/email_address.hpp"
#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::CommentStatus;
using domain::ErrorCode;
using domain::Role;
using std::chrono::minutes;
using std::chrono::seconds;

const domain::Time kIdT0 = domain::from_micros(1'790'000'000'000'000);
domain::Time id_at(int s) { return kIdT0 + seconds(s); }

SignInRequest email_link(std::string hash, std::string subject, domain::Time created) {
    SignInRequest q;
    q.token_hash = std::move(hash);
    q.kind = SignInKind::kEmailLink;
    q.subject = std::move(subject);
    q.return_to = "/articles/ü";
    q.mode = "page";
    q.created_at = created;
    q.expires_at = created + minutes(15);
    return q;
}

ExternalProfile profile(std::string subject, std::string email = "", bool verified = false) {
    ExternalProfile p;
    p.provider = "oidc:local";
    p.subject = std::move(subject);
    p.name = "Ada Lovelace";
    p.email = std::move(email);
    p.email_verified = verified;
    return p;
}

template <class Factory>
class IdentityContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = factory_.open();
        ASSERT_NE(store_, nullptr);
    }
    Store& store() { return *store_; }

    domain::User user(std::string email, Role role = Role::kReader) {
        domain::NewUser u;
        u.email = std::move(email);
        u.name = "Staff Member";
        u.role = role;
        u.password_hash = role == Role::kReader ? "" : "$argon2id$v=19$x";
        u.created_at = kIdT0;
        auto r = store().insert_user(u);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : domain::User{};
    }

    domain::Comment post(std::string page, std::string token, std::string text = "Hello",
                         std::optional<domain::UserId> user_id = std::nullopt) {
        domain::NewComment c;
        c.page = std::move(page);
        c.author.name = "Anonymous Ada";
        c.author.user_id = user_id;
        c.author_token_hash = std::move(token);
        c.text = std::move(text);
        c.status = CommentStatus::kApproved;
        c.created_at = kIdT0;
        auto r = store().insert_comment(c);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : domain::Comment{};
    }

    domain::Comment comment(domain::CommentId id) {
        auto r = store().get_comment(id);
        EXPECT_TRUE(r.has_value());
        return r ? *r : domain::Comment{};
    }

    std::size_t accounts() {
        auto all = store().list_users();
        EXPECT_TRUE(all.has_value());
        return all ? all->size() : 0;
    }

    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(IdentityContract, testing::Engines);

TYPED_TEST(IdentityContract, ASignInRequestIsTakenOnceAndOnlyAsItsKind) {
    auto stored = this->store().insert_sign_in_request(email_link("hash-1", "ada@example.org", kIdT0));
    ASSERT_TRUE(stored.has_value()) << stored.error().message;
    EXPECT_GT(stored->id, 0);

    auto pending = this->store().pending_sign_in_request(stored->id, id_at(60));
    ASSERT_TRUE(pending.has_value());
    ASSERT_TRUE(pending->has_value());
    EXPECT_EQ(**pending, *stored);

    auto wrong_kind = this->store().take_sign_in_request("hash-1", SignInKind::kOidc, id_at(60));
    ASSERT_FALSE(wrong_kind.has_value());
    EXPECT_EQ(wrong_kind.error().code, ErrorCode::kNotFound);

    auto taken = this->store().take_sign_in_request("hash-1", SignInKind::kEmailLink, id_at(60));
    ASSERT_TRUE(taken.has_value()) << taken.error().message;
    EXPECT_EQ(*taken, *stored);
    EXPECT_EQ(taken->return_to, "/articles/ü");

    auto again = this->store().take_sign_in_request("hash-1", SignInKind::kEmailLink, id_at(61));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
    auto gone = this->store().pending_sign_in_request(stored->id, id_at(61));
    ASSERT_TRUE(gone.has_value());
    EXPECT_FALSE(gone->has_value());
}

TYPED_TEST(IdentityContract, AnOidcRequestKeepsItsSecrets) {
    SignInRequest q = email_link("state-hash", "local", kIdT0);
    q.kind = SignInKind::kOidc;
    q.nonce = "nonce-ü";
    q.code_verifier = std::string(128, 'v');
    q.mode = "popup";
    q.return_to = "https://host.example/page?x=1";
    ASSERT_TRUE(this->store().insert_sign_in_request(q).has_value());
    auto taken = this->store().take_sign_in_request("state-hash", SignInKind::kOidc, id_at(1));
    ASSERT_TRUE(taken.has_value());
    EXPECT_EQ(taken->nonce, "nonce-ü");
    EXPECT_EQ(taken->code_verifier, q.code_verifier);
    EXPECT_EQ(taken->mode, "popup");
    EXPECT_EQ(taken->return_to, q.return_to);
    EXPECT_EQ(taken->kind, SignInKind::kOidc);
    EXPECT_EQ(taken->expires_at, q.expires_at);
}

TYPED_TEST(IdentityContract, AnExpiredRequestCannotBeTakenAndIsSweptByTheNextInsert) {
    auto old = this->store().insert_sign_in_request(email_link("hash-old", "ada@example.org", kIdT0));
    ASSERT_TRUE(old.has_value());
    const domain::Time expired = kIdT0 + minutes(15);  // expires_at itself is too late
    auto late = this->store().take_sign_in_request("hash-old", SignInKind::kEmailLink, expired);
    ASSERT_FALSE(late.has_value());
    EXPECT_EQ(late.error().code, ErrorCode::kNotFound);
    auto pending = this->store().pending_sign_in_request(old->id, expired);
    ASSERT_TRUE(pending.has_value());
    EXPECT_FALSE(pending->has_value());

    // Still stored (counted) until an insert sweeps it.
    EXPECT_EQ(this->store().count_sign_in_requests(SignInKind::kEmailLink, "ada@example.org", kIdT0).value(), 1);
    ASSERT_TRUE(this->store().insert_sign_in_request(email_link("hash-new", "bob@example.org", expired)));
    EXPECT_EQ(this->store().count_sign_in_requests(SignInKind::kEmailLink, "ada@example.org", kIdT0).value(), 0);
    // The swept one's hash is free again.
    EXPECT_TRUE(this->store().insert_sign_in_request(email_link("hash-old", "ada@example.org", expired)));
}

TYPED_TEST(IdentityContract, ATakenHashIsAConflict) {
    ASSERT_TRUE(this->store().insert_sign_in_request(email_link("hash-1", "ada@example.org", kIdT0)));
    auto twice = this->store().insert_sign_in_request(email_link("hash-1", "bob@example.org", id_at(1)));
    ASSERT_FALSE(twice.has_value());
    EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->store().count_sign_in_requests(SignInKind::kEmailLink, "bob@example.org", kIdT0).value(), 0);
}

TYPED_TEST(IdentityContract, RequestsAreCountedByKindSubjectAndTime) {
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(this->store().insert_sign_in_request(
            email_link("hash-" + std::to_string(i), "ada@example.org", id_at(i * 60))));
    ASSERT_TRUE(this->store().insert_sign_in_request(email_link("hash-bob", "bob@example.org", id_at(0))));
    SignInRequest oidc = email_link("hash-oidc", "ada@example.org", id_at(0));
    oidc.kind = SignInKind::kOidc;
    ASSERT_TRUE(this->store().insert_sign_in_request(oidc));

    auto& s = this->store();
    EXPECT_EQ(s.count_sign_in_requests(SignInKind::kEmailLink, "ada@example.org", id_at(0)).value(), 3);
    EXPECT_EQ(s.count_sign_in_requests(SignInKind::kEmailLink, "ada@example.org", id_at(60)).value(), 2);
    EXPECT_EQ(s.count_sign_in_requests(SignInKind::kEmailLink, "ada@example.org", id_at(121)).value(), 0);
    EXPECT_EQ(s.count_sign_in_requests(SignInKind::kOidc, "ada@example.org", id_at(0)).value(), 1);
    EXPECT_EQ(s.count_sign_in_requests(SignInKind::kEmailLink, "carol@example.org", id_at(0)).value(), 0);
    // A used request no longer counts.
    ASSERT_TRUE(s.take_sign_in_request("hash-2", SignInKind::kEmailLink, id_at(130)));
    EXPECT_EQ(s.count_sign_in_requests(SignInKind::kEmailLink, "ada@example.org", id_at(0)).value(), 2);
}

TYPED_TEST(IdentityContract, SignInRequestArgumentsAreBounded) {
    auto& s = this->store();
    auto refused = [&](SignInRequest q) {
        auto r = s.insert_sign_in_request(q);
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    };
    const SignInRequest ok = email_link("hash-b", "ada@example.org", kIdT0);
    SignInRequest q = ok;
    q.token_hash.clear();
    refused(q);
    q = ok;
    q.subject.clear();
    refused(q);
    q = ok;
    q.subject = std::string(kMaxSignInSubjectBytes + 1, 'a');
    refused(q);
    q = ok;
    q.return_to = "/" + std::string(kMaxReturnToBytes, 'r');
    refused(q);
    q = ok;
    q.mode = "tab";
    refused(q);
    q = ok;
    q.expires_at = q.created_at;
    refused(q);
    q = ok;
    q.nonce = std::string(100'000, 'n');
    refused(q);
    EXPECT_EQ(s.count_sign_in_requests(SignInKind::kEmailLink, "ada@example.org", kIdT0).value(), 0);

    q = ok;
    q.subject = std::string(kMaxSignInSubjectBytes, 'a');
    q.return_to = std::string(kMaxReturnToBytes, 'r');
    EXPECT_TRUE(s.insert_sign_in_request(q).has_value());

    auto take = s.take_sign_in_request("", SignInKind::kEmailLink, kIdT0);
    ASSERT_FALSE(take.has_value());
    EXPECT_EQ(take.error().code, ErrorCode::kInvalid);
    auto count = s.count_sign_in_requests(SignInKind::kEmailLink, std::string(kMaxSignInSubjectBytes + 1, 'a'), kIdT0);
    ASSERT_FALSE(count.has_value());
    EXPECT_EQ(count.error().code, ErrorCode::kInvalid);
}

TYPED_TEST(IdentityContract, AnEmailSignInMakesAVerifiedReaderOnceThenFindsIt) {
    auto first = this->store().sign_in_by_email("ada@example.org", "Ada", id_at(5));
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_TRUE(first->created);
    EXPECT_GT(first->user.id, 0);
    EXPECT_EQ(first->user.email, "ada@example.org");
    EXPECT_EQ(first->user.name, "Ada");
    EXPECT_EQ(first->user.role, Role::kReader);
    EXPECT_TRUE(first->user.password_hash.empty());
    EXPECT_TRUE(first->user.email_verified);
    EXPECT_EQ(first->user.created_at, id_at(5));
    EXPECT_EQ(this->store().get_user(first->user.id).value(), first->user);

    auto again = this->store().sign_in_by_email("ada@example.org", "Other", id_at(9));
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(again->created);
    EXPECT_EQ(again->user, first->user);
    EXPECT_EQ(this->accounts(), 1u);
}

TYPED_TEST(IdentityContract, AnEmailSignInReturnsAnExistingAccountOfAnyRoleMarkedVerified) {
    const domain::User mod = this->user("mod@example.org", Role::kModerator);
    ASSERT_FALSE(mod.email_verified);
    auto r = this->store().sign_in_by_email("mod@example.org", "Mod", id_at(1));
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->created);
    EXPECT_EQ(r->user.id, mod.id);
    EXPECT_EQ(r->user.role, Role::kModerator);
    EXPECT_EQ(r->user.name, "Staff Member");
    EXPECT_TRUE(r->user.email_verified);
    EXPECT_TRUE(this->store().get_user(mod.id).value().email_verified);

    auto bad = this->store().sign_in_by_email("", "Ada", kIdT0);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalid);
    auto no_name = this->store().sign_in_by_email("ada@example.org", "", kIdT0);
    ASSERT_FALSE(no_name.has_value());
    EXPECT_EQ(no_name.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->accounts(), 1u);
}

TYPED_TEST(IdentityContract, ANewIdentityWithAFreeAddressMakesAReaderLinkedToIt) {
    ExternalProfile p = profile("sub-1", "ada@example.org", true);
    p.badge = "Subscriber";
    auto r = this->store().sign_in_external(p, id_at(3));
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_TRUE(r->created);
    EXPECT_EQ(r->user.email, "ada@example.org");
    EXPECT_EQ(r->user.name, "Ada Lovelace");
    EXPECT_EQ(r->user.role, Role::kReader);
    EXPECT_TRUE(r->user.email_verified);
    EXPECT_EQ(r->user.badge, "Subscriber");
    EXPECT_TRUE(r->user.password_hash.empty());
    auto linked = this->store().external_identities(r->user.id);
    ASSERT_TRUE(linked.has_value());
    EXPECT_EQ(*linked, (std::vector<std::pair<std::string, std::string>>{{"oidc:local", "sub-1"}}));

    // An address the provider did not vouch for is used, not marked verified.
    auto unverified = this->store().sign_in_external(profile("sub-2", "bob@example.org", false), id_at(4));
    ASSERT_TRUE(unverified.has_value());
    EXPECT_TRUE(unverified->created);
    EXPECT_EQ(unverified->user.email, "bob@example.org");
    EXPECT_FALSE(unverified->user.email_verified);
}

TYPED_TEST(IdentityContract, ANewIdentityWithoutAnAddressGetsAPlaceholder) {
    auto r = this->store().sign_in_external(profile("sub-1"), id_at(1));
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_TRUE(r->created);
    EXPECT_TRUE(domain::is_placeholder_email(r->user.email)) << r->user.email;
    EXPECT_EQ(r->user.email.size(), 32 + std::string_view("@accounts.invalid").size());
    EXPECT_FALSE(r->user.email_verified);

    // Another identity gets another placeholder; the same identity finds its account.
    auto other = this->store().sign_in_external(profile("sub-2"), id_at(2));
    ASSERT_TRUE(other.has_value());
    EXPECT_NE(other->user.email, r->user.email);
    ExternalProfile same_sub_other_provider = profile("sub-1");
    same_sub_other_provider.provider = "sso";
    auto sso = this->store().sign_in_external(same_sub_other_provider, id_at(2));
    ASSERT_TRUE(sso.has_value());
    EXPECT_TRUE(sso->created);
    EXPECT_NE(sso->user.id, r->user.id);
    auto again = this->store().sign_in_external(profile("sub-1"), id_at(3));
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(again->created);
    EXPECT_EQ(again->user.id, r->user.id);
    EXPECT_EQ(this->accounts(), 3u);
}

TYPED_TEST(IdentityContract, AKnownIdentityRefreshesBadgeNameAndVerifiedMark) {
    auto first = this->store().sign_in_external(profile("sub-1", "ada@example.org", false), id_at(1));
    ASSERT_TRUE(first.has_value());
    ASSERT_FALSE(first->user.email_verified);
    ASSERT_TRUE(this->store().rename_account(first->user.id, "Countess").has_value());

    // The reader's chosen name stays unless the provider's wins; the badge is the provider's.
    ExternalProfile p = profile("sub-1", "ada@example.org", true);
    p.name = "Ada L.";
    p.badge = "Subscriber";
    auto second = this->store().sign_in_external(p, id_at(2));
    ASSERT_TRUE(second.has_value());
    EXPECT_FALSE(second->created);
    EXPECT_EQ(second->user.id, first->user.id);
    EXPECT_EQ(second->user.name, "Countess");
    EXPECT_EQ(second->user.badge, "Subscriber");
    EXPECT_TRUE(second->user.email_verified);

    p.update_name = true;
    p.badge.clear();
    auto third = this->store().sign_in_external(p, id_at(3));
    ASSERT_TRUE(third.has_value());
    EXPECT_EQ(third->user.name, "Ada L.");
    EXPECT_EQ(third->user.badge, "");
    EXPECT_EQ(this->store().get_user(first->user.id).value(), third->user);

    // A vouched address that is not the account's does not mark it.
    auto other = this->store().sign_in_external(profile("sub-9"), id_at(4));
    ASSERT_TRUE(other.has_value());
    auto vouched_elsewhere = this->store().sign_in_external(profile("sub-9", "zed@example.org", true), id_at(5));
    ASSERT_TRUE(vouched_elsewhere.has_value());
    EXPECT_EQ(vouched_elsewhere->user.id, other->user.id);
    EXPECT_FALSE(vouched_elsewhere->user.email_verified);
    EXPECT_EQ(vouched_elsewhere->user.email, other->user.email);
}

TYPED_TEST(IdentityContract, AVerifiedAddressLinksTheReaderWithIt) {
    auto reader = this->store().sign_in_by_email("ada@example.org", "Ada", id_at(1));
    ASSERT_TRUE(reader.has_value());
    ExternalProfile p = profile("sub-1", "ada@example.org", true);
    p.badge = "Subscriber";
    auto r = this->store().sign_in_external(p, id_at(2));
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_FALSE(r->created);
    EXPECT_EQ(r->user.id, reader->user.id);
    EXPECT_EQ(r->user.name, "Ada");
    EXPECT_EQ(r->user.badge, "Subscriber");
    EXPECT_EQ(this->store().external_identities(reader->user.id).value().size(), 1u);
    // From now on the identity itself finds it, whatever address it brings.
    auto later = this->store().sign_in_external(profile("sub-1"), id_at(3));
    ASSERT_TRUE(later.has_value());
    EXPECT_EQ(later->user.id, reader->user.id);
    EXPECT_EQ(this->accounts(), 1u);
}

TYPED_TEST(IdentityContract, StaffAreNeverLinkedByAddress) {
    for (Role role : {Role::kModerator, Role::kAdmin, Role::kEditor, Role::kAuthor}) {
        const std::string email = std::string(domain::to_string(role)) + "@example.org";
        const domain::User staff = this->user(email, role);
        auto r = this->store().sign_in_external(profile("sub-" + email, email, true), id_at(1));
        ASSERT_TRUE(r.has_value()) << r.error().message;
        EXPECT_TRUE(r->created) << email;
        EXPECT_NE(r->user.id, staff.id);
        EXPECT_EQ(r->user.role, Role::kReader);
        EXPECT_TRUE(domain::is_placeholder_email(r->user.email)) << r->user.email;
        EXPECT_FALSE(r->user.email_verified);
        EXPECT_TRUE(this->store().external_identities(staff.id).value().empty());
    }
}

TYPED_TEST(IdentityContract, AnUnverifiedTakenAddressIsNeitherLinkedNorReused) {
    auto reader = this->store().sign_in_by_email("ada@example.org", "Ada", id_at(1));
    ASSERT_TRUE(reader.has_value());
    auto r = this->store().sign_in_external(profile("sub-1", "ada@example.org", false), id_at(2));
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->created);
    EXPECT_NE(r->user.id, reader->user.id);
    EXPECT_TRUE(domain::is_placeholder_email(r->user.email));
    EXPECT_TRUE(this->store().external_identities(reader->user.id).value().empty());
    EXPECT_EQ(this->accounts(), 2u);
}

TYPED_TEST(IdentityContract, ConcurrentFirstSignInsOfOneIdentityMakeOneAccount) {
    for (const std::string email : {"", "ada@example.org"}) {
        const std::string subject = "race-" + email;
        constexpr int kThreads = 6;
        std::vector<domain::UserId> ids(kThreads, 0);
        std::vector<std::string> errors(kThreads);
        std::vector<std::thread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&, i] {
                auto r = this->store().sign_in_external(profile(subject, email, !email.empty()), id_at(i));
                if (r) ids[i] = r->user.id;
                else errors[i] = r.error().message;
            });
        for (auto& t : threads) t.join();
        for (int i = 0; i < kThreads; ++i) {
            EXPECT_TRUE(errors[i].empty()) << errors[i];
            EXPECT_EQ(ids[i], ids[0]);
        }
    }
    EXPECT_EQ(this->accounts(), 2u);
}

TYPED_TEST(IdentityContract, ExternalProfilesAreBounded) {
    auto refused = [&](const ExternalProfile& p) {
        auto r = this->store().sign_in_external(p, kIdT0);
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    };
    ExternalProfile p = profile("sub-1");
    p.provider.clear();
    refused(p);
    p = profile("sub-1");
    p.provider = std::string(kMaxProviderBytes + 1, 'p');
    refused(p);
    p = profile("");
    refused(p);
    p = profile(std::string(kMaxExternalSubjectBytes + 1, 's'));
    refused(p);
    p = profile("sub-1");
    p.name.clear();
    refused(p);
    p = profile("sub-1");
    p.badge = std::string(domain::kMaxBadgeBytes + 1, 'b');
    refused(p);
    p = profile("sub-1", std::string(domain::kMaxEmailBytes + 1, 'e'), true);
    refused(p);
    EXPECT_EQ(this->accounts(), 0u);

    p = profile(std::string(kMaxExternalSubjectBytes, 's'));
    p.provider = std::string(kMaxProviderBytes, 'p');
    p.badge = std::string(domain::kMaxBadgeBytes, 'b');
    EXPECT_TRUE(this->store().sign_in_external(p, kIdT0).has_value());
}

TYPED_TEST(IdentityContract, ClaimingGivesTheTokensCommentsToTheAccount) {
    ExternalProfile p = profile("sub-1", "ada@example.org", true);
    p.badge = "Subscriber";
    const domain::User ada = this->store().sign_in_external(p, kIdT0).value().user;
    const domain::Comment a = this->post("/news/a", "tok-ada");
    const domain::Comment b = this->post("/news/b", "tok-ada");
    const domain::Comment a2 = this->post("/news/a", "tok-ada");
    const domain::Comment other = this->post("/news/a", "tok-bob");
    const domain::Comment owned = this->post("/news/c", "tok-ada", "mine already", 999);
    const domain::Comment deleted = this->post("/news/d", "tok-ada");
    ASSERT_TRUE(this->store().delete_comment(deleted.id).has_value());

    auto pages = this->store().claim_comments(ada.id, "tok-ada");
    ASSERT_TRUE(pages.has_value()) << pages.error().message;
    EXPECT_EQ(*pages, (std::vector<std::string>{"/news/a", "/news/b"}));
    for (const auto& c : {a, b, a2}) {
        const domain::Comment got = this->comment(c.id);
        EXPECT_EQ(got.author.user_id, std::optional<std::int64_t>(ada.id));
        EXPECT_EQ(got.author.name, "Ada Lovelace");
        EXPECT_EQ(got.author.badge, "Subscriber");
        EXPECT_TRUE(got.author.verified);
        EXPECT_EQ(got.author_token_hash, "") << "the token no longer answers for a claimed comment";
    }
    EXPECT_EQ(this->comment(other.id).author.user_id, std::nullopt);
    EXPECT_EQ(this->comment(owned.id).author.user_id, std::optional<std::int64_t>(999));
    EXPECT_EQ(this->comment(deleted.id).author.user_id, std::nullopt);
    EXPECT_EQ(this->comment(deleted.id).author.name, "");

    // Nothing left to claim.
    auto again = this->store().claim_comments(ada.id, "tok-ada");
    ASSERT_TRUE(again.has_value());
    EXPECT_TRUE(again->empty());

    auto nobody = this->store().claim_comments(987654, "tok-bob");
    ASSERT_FALSE(nobody.has_value());
    EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
    auto no_hash = this->store().claim_comments(ada.id, "");
    ASSERT_FALSE(no_hash.has_value());
    EXPECT_EQ(no_hash.error().code, ErrorCode::kInvalid);
    auto no_id = this->store().claim_comments(0, "tok-bob");
    ASSERT_FALSE(no_id.has_value());
    EXPECT_EQ(no_id.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->comment(other.id).author.user_id, std::nullopt);
}

TYPED_TEST(IdentityContract, RenamingShowsTheNameOnEveryCommentOfTheAccount) {
    ExternalProfile p = profile("sub-1", "ada@example.org", true);
    p.badge = "Subscriber";
    const domain::User ada = this->store().sign_in_external(p, kIdT0).value().user;
    const domain::Comment a = this->post("/news/a", "tok-ada", "one", ada.id);
    const domain::Comment b = this->post("/news/b", "tok-ada", "two", ada.id);
    const domain::Comment c = this->post("/news/b", "tok-ada", "three", ada.id);
    const domain::Comment other = this->post("/news/c", "tok-bob");
    const domain::Comment deleted = this->post("/news/d", "tok-ada", "four", ada.id);
    ASSERT_TRUE(this->store().delete_comment(deleted.id).has_value());

    auto pages = this->store().rename_account(ada.id, "Countess Ada");
    ASSERT_TRUE(pages.has_value()) << pages.error().message;
    EXPECT_EQ(*pages, (std::vector<std::string>{"/news/a", "/news/b"}));
    EXPECT_EQ(this->store().get_user(ada.id).value().name, "Countess Ada");
    for (const auto& x : {a, b, c}) {
        const domain::Comment got = this->comment(x.id);
        EXPECT_EQ(got.author.name, "Countess Ada");
        EXPECT_EQ(got.author.badge, "Subscriber");
        EXPECT_TRUE(got.author.verified);
    }
    EXPECT_EQ(this->comment(other.id).author.name, "Anonymous Ada");
    EXPECT_EQ(this->comment(deleted.id).author.name, "");

    // The same name again changes no comment.
    auto same = this->store().rename_account(ada.id, "Countess Ada");
    ASSERT_TRUE(same.has_value());
    EXPECT_TRUE(same->empty());

    auto missing = this->store().rename_account(987654, "X");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    for (const std::string& bad : {std::string(), std::string(1000, 'n')}) {
        auto r = this->store().rename_account(ada.id, bad);
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    }
    EXPECT_EQ(this->store().get_user(ada.id).value().name, "Countess Ada");
}

TYPED_TEST(IdentityContract, AnAccountsCommentsAreListedNewestFirstInPages) {
    const domain::User ada = this->store().sign_in_by_email("ada@example.org", "Ada", kIdT0).value().user;
    std::vector<domain::CommentId> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(this->post("/news/" + std::to_string(i), "t", "c" + std::to_string(i), ada.id).id);
    this->post("/news/x", "t", "not hers");
    ASSERT_TRUE(this->store().delete_comment(ids[2]).has_value());
    ASSERT_TRUE(this->store().set_status(ids[1], CommentStatus::kRejected, std::nullopt).has_value());

    auto first = this->store().account_comments(ada.id, 2, std::nullopt);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    ASSERT_EQ(first->size(), 2u);
    EXPECT_EQ((*first)[0].id, ids[4]);
    EXPECT_EQ((*first)[0].page, "/news/4");
    EXPECT_EQ((*first)[0].excerpt, "c4");
    EXPECT_EQ((*first)[0].status, "approved");
    EXPECT_EQ((*first)[0].created_at, kIdT0);
    EXPECT_EQ((*first)[1].id, ids[3]);

    auto second = this->store().account_comments(ada.id, 2, (*first)[1].id);
    ASSERT_TRUE(second.has_value());
    ASSERT_EQ(second->size(), 2u);  // the deleted one is left out
    EXPECT_EQ((*second)[0].id, ids[1]);
    EXPECT_EQ((*second)[0].status, "rejected");
    EXPECT_EQ((*second)[1].id, ids[0]);
    auto last = this->store().account_comments(ada.id, 2, ids[0]);
    ASSERT_TRUE(last.has_value());
    EXPECT_TRUE(last->empty());

    for (int bad : {0, 201, -1}) {
        auto r = this->store().account_comments(ada.id, bad, std::nullopt);
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    }
    auto bad_before = this->store().account_comments(ada.id, 10, 0);
    ASSERT_FALSE(bad_before.has_value());
    EXPECT_EQ(bad_before.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->store().account_comments(ada.id, 200, std::nullopt).value().size(), 4u);
}

TYPED_TEST(IdentityContract, AnExcerptIsTheFirst200CharactersWholeCodePoints) {
    const domain::User ada = this->store().sign_in_by_email("ada@example.org", "Ada", kIdT0).value().user;
    std::string text;
    for (int i = 0; i < 150; ++i) text += "ü👋";  // 300 characters of 2 and 4 bytes
    this->post("/news/a", "t", text, ada.id);
    this->post("/news/b", "t", std::string(200, 'x'), ada.id);
    auto listed = this->store().account_comments(ada.id, 10, std::nullopt);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].excerpt, std::string(200, 'x'));
    std::string want;
    for (int i = 0; i < 100; ++i) want += "ü👋";
    EXPECT_EQ((*listed)[1].excerpt, want);
}

TYPED_TEST(IdentityContract, AccountsKeepTheirVerifiedMarkAndBadge) {
    domain::NewUser u;
    u.email = "ada@example.org";
    u.name = "Ada";
    u.created_at = kIdT0;
    u.email_verified = true;
    u.badge = "Abonnentin ✓";
    auto stored = this->store().insert_user(u);
    ASSERT_TRUE(stored.has_value());
    EXPECT_TRUE(stored->email_verified);
    EXPECT_EQ(stored->badge, "Abonnentin ✓");
    EXPECT_EQ(this->store().get_user(stored->id).value(), *stored);
    EXPECT_EQ(this->store().find_user_by_email("ada@example.org").value(), *stored);
    EXPECT_EQ(this->store().list_users().value().front(), *stored);

    domain::User changed = *stored;
    changed.email_verified = false;
    changed.badge = "";
    auto updated = this->store().update_user(changed);
    ASSERT_TRUE(updated.has_value());
    EXPECT_EQ(*updated, changed);
    EXPECT_EQ(this->store().get_user(stored->id).value(), changed);

    auto plain = this->user("bob@example.org");
    EXPECT_FALSE(plain.email_verified);
    EXPECT_EQ(plain.badge, "");
    EXPECT_EQ(this->store().get_user(plain.id).value(), plain);
}

TYPED_TEST(IdentityContract, CommentsKeepTheirAuthorsBadgeAndMarkUntilDeleted) {
    domain::NewComment c;
    c.page = "/news/a";
    c.author = domain::Author{"Ada", Role::kReader, 5, "Subscriber", true};
    c.text = "Hi";
    c.status = CommentStatus::kApproved;
    c.created_at = kIdT0;
    auto stored = this->store().insert_comment(c);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->author.badge, "Subscriber");
    EXPECT_TRUE(stored->author.verified);
    const domain::Comment got = this->comment(stored->id);
    EXPECT_EQ(got.author.badge, "Subscriber");
    EXPECT_TRUE(got.author.verified);
    ListQuery q;
    auto listed = this->store().list_comments("/news/a", q);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->comments.size(), 1u);
    EXPECT_EQ(listed->comments[0].author.badge, "Subscriber");
    EXPECT_TRUE(listed->comments[0].author.verified);

    auto deleted = this->store().delete_comment(stored->id);
    ASSERT_TRUE(deleted.has_value());
    EXPECT_EQ(deleted->author.badge, "");
    EXPECT_FALSE(deleted->author.verified);
    EXPECT_EQ(this->comment(stored->id).author.badge, "");
    EXPECT_FALSE(this->comment(stored->id).author.verified);
}

TYPED_TEST(IdentityContract, AThreadPolicyKeepsItsSignInRule) {
    for (std::optional<bool> rule : {std::optional<bool>(true), std::optional<bool>(false), std::optional<bool>()}) {
        domain::ThreadPolicy p{"/news/a", std::nullopt, false, std::nullopt, rule};
        ASSERT_TRUE(this->store().put_thread_policy(p).has_value());
        auto got = this->store().get_thread_policy("/news/a");
        ASSERT_TRUE(got.has_value());
        ASSERT_TRUE(got->has_value());
        EXPECT_EQ(**got, p);
    }
}

TYPED_TEST(IdentityContract, APersonsIdentitiesAreExportedAndErasedWithTheirSignIns) {
    const domain::User ada =
        this->store().sign_in_external(profile("sub-1", "ada@example.org", true), kIdT0).value().user;
    ASSERT_TRUE(this->store().insert_sign_in_request(email_link("link-ada", "ada@example.org", kIdT0)));
    SignInRequest handoff = email_link("handoff-ada", std::to_string(ada.id), kIdT0);
    handoff.kind = SignInKind::kHandoff;
    handoff.mode = "widget";
    ASSERT_TRUE(this->store().insert_sign_in_request(handoff));
    ASSERT_TRUE(this->store().insert_sign_in_request(email_link("link-bob", "bob@example.org", kIdT0)));

    domain::AuthorKey key;
    key.user_id = ada.id;
    auto data = this->store().author_data(key, "u:" + std::to_string(ada.id));
    ASSERT_TRUE(data.has_value()) << data.error().message;
    EXPECT_EQ(data->identities, (std::vector<std::pair<std::string, std::string>>{{"oidc:local", "sub-1"}}));
    auto erased = this->store().erase_author(key, "u:" + std::to_string(ada.id));
    ASSERT_TRUE(erased.has_value()) << erased.error().message;
    EXPECT_TRUE(erased->user_removed);

    EXPECT_TRUE(this->store().external_identities(ada.id).value().empty());
    EXPECT_EQ(this->store().count_sign_in_requests(SignInKind::kEmailLink, "ada@example.org", kIdT0).value(), 0);
    EXPECT_EQ(this->store().count_sign_in_requests(SignInKind::kHandoff, std::to_string(ada.id), kIdT0).value(), 0);
    EXPECT_EQ(this->store().count_sign_in_requests(SignInKind::kEmailLink, "bob@example.org", kIdT0).value(), 1);
    // The identity is free again: signing in makes a new account (SQLite may give it the old id).
    auto again = this->store().sign_in_external(profile("sub-1"), id_at(1));
    ASSERT_TRUE(again.has_value());
    EXPECT_TRUE(again->created);
    EXPECT_TRUE(domain::is_placeholder_email(again->user.email));
    EXPECT_EQ(this->accounts(), 1u);
}

}  // namespace
}  // namespace tribune::store
