// The notification role (store/notification_store.hpp) and the mail half of the outbox's fan-out
// on both engines: addresses confirmed and stopped, threads stopped, staff choices and digests;
// each mail the fan-out makes and each condition that keeps it from being made; holding a claimed
// message; a person's mail data in their privacy export and erasure.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::CommentStatus;
using domain::ErrorCode;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const domain::Time kMailT0 = domain::from_micros(1'790'000'000'000'000);
domain::Time mail_at(int s) { return kMailT0 + seconds(s); }

// Who posts: their address, what they asked for, their token.
struct Poster {
    std::string email;
    int notify = 0;
    std::string token = "tok-a";
    domain::Role role = domain::Role::kReader;
};

template <class Factory>
class NotificationContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = factory_.open();
        ASSERT_NE(store_, nullptr);
    }
    Store& store() { return *store_; }

    domain::Comment post(const Poster& who, CommentStatus status = CommentStatus::kApproved,
                         std::optional<domain::CommentId> parent = std::nullopt, std::string page = "/news/a") {
        domain::NewComment c;
        c.page = std::move(page);
        c.parent_id = parent;
        c.author.name = "Reader";
        c.author.role = who.role;
        c.author_token_hash = who.token;
        c.text = "Hello";
        c.status = status;
        c.created_at = kMailT0;
        c.author_email = who.email;
        c.notify = who.notify;
        auto r = store().insert_comment(c);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : domain::Comment{};
    }

    void confirm(std::string_view email) {
        auto r = store().confirm_mail_address(email, kMailT0);
        ASSERT_TRUE(r.has_value()) << r.error().message;
    }

    void set_status(domain::CommentId id, CommentStatus status) {
        auto r = store().set_status(id, status, std::nullopt);
        ASSERT_TRUE(r.has_value()) << r.error().message;
    }

    // Fans every waiting event out at `now`; returns every mail message, oldest first.
    std::vector<OutboxMessage> mails(domain::Time now = kMailT0) {
        for (int guard = 0; guard < 100; ++guard) {
            auto n = store().fan_out_events(kMaxEventsFannedOut, now);
            EXPECT_TRUE(n.has_value()) << (n ? "" : n.error().message);
            if (!n || *n == 0) break;
        }
        MessageQuery q;
        q.channel = OutboxChannel::kMail;
        q.limit = kMaxOutboxListLimit;
        auto r = store().list_messages(q);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        if (!r) return {};
        std::reverse(r->begin(), r->end());
        return *r;
    }

    // A mail about a comment of its own (each reply is mailed to an address once).
    OutboxMessage enqueue_mail(std::string type, std::string recipient, std::string page = "/news/a") {
        const std::int64_t subject = ++enqueued_;
        NewOutboxMessage m;
        m.channel = OutboxChannel::kMail;
        m.event_type = std::move(type);
        m.recipient = std::move(recipient);
        m.page = std::move(page);
        m.subject_id = subject;
        m.event_at = kMailT0;
        m.due_at = kMailT0;
        auto r = store().enqueue_message(m);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : OutboxMessage{};
    }

    domain::User staff(std::string email, domain::Role role, StaffMailMode mode, bool disabled = false) {
        domain::NewUser n;
        n.email = std::move(email);
        n.name = n.email;
        n.role = role;
        n.password_hash = "x";
        n.created_at = kMailT0;
        auto u = store().insert_user(n);
        EXPECT_TRUE(u.has_value()) << (u ? "" : u.error().message);
        if (!u) return {};
        if (disabled) {
            u->disabled = true;
            auto updated = store().update_user(*u);
            EXPECT_TRUE(updated.has_value());
        }
        StaffMailPrefs p;
        p.user_id = u->id;
        p.mode = mode;
        p.digest_minutes = 60;
        auto set = store().set_staff_mail_prefs(p);
        EXPECT_TRUE(set.has_value()) << (set ? "" : set.error().message);
        return *u;
    }

    // Each mail as "type>recipient", oldest first.
    static std::vector<std::string> summary(const std::vector<OutboxMessage>& ms) {
        std::vector<std::string> out;
        for (const auto& m : ms) out.push_back(m.event_type + ">" + m.recipient);
        return out;
    }

private:
    Factory factory_;
    std::unique_ptr<Store> store_;
    std::int64_t enqueued_ = 0;
};

TYPED_TEST_SUITE(NotificationContract, testing::Engines);

using Mails = std::vector<std::string>;

// --- addresses and threads ---------------------------------------------------------------------

TYPED_TEST(NotificationContract, AnAddressIsConfirmedStoppedAndConfirmedAgain) {
    auto none = this->store().mail_address("a@example.org");
    ASSERT_TRUE(none.has_value());
    EXPECT_FALSE(none->has_value());

    auto confirmed = this->store().confirm_mail_address("a@example.org", mail_at(10));
    ASSERT_TRUE(confirmed.has_value()) << confirmed.error().message;
    EXPECT_EQ(confirmed->email, "a@example.org");
    EXPECT_EQ(confirmed->confirmed_at, mail_at(10));
    EXPECT_FALSE(confirmed->unsubscribed_at);
    EXPECT_EQ(confirmed->created_at, mail_at(10));

    ASSERT_TRUE(this->store().unsubscribe_mail_address("a@example.org", mail_at(20)).has_value());
    auto stopped = this->store().mail_address("a@example.org");
    ASSERT_TRUE(stopped.has_value() && stopped->has_value());
    EXPECT_EQ((*stopped)->unsubscribed_at, mail_at(20));
    EXPECT_EQ((*stopped)->confirmed_at, mail_at(10));

    // Confirming again takes the stop back and keeps the first confirmation's time.
    auto again = this->store().confirm_mail_address("a@example.org", mail_at(30));
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->confirmed_at, mail_at(10));
    EXPECT_FALSE(again->unsubscribed_at);

    // Stopping an address never seen makes it, unconfirmed.
    ASSERT_TRUE(this->store().unsubscribe_mail_address("b@example.org", mail_at(40)).has_value());
    auto b = this->store().mail_address("b@example.org");
    ASSERT_TRUE(b.has_value() && b->has_value());
    EXPECT_FALSE((*b)->confirmed_at);
    EXPECT_EQ((*b)->unsubscribed_at, mail_at(40));
}

TYPED_TEST(NotificationContract, AddressesAndPagesAreBounded) {
    const std::string too_long(255, 'a');
    EXPECT_EQ(this->store().confirm_mail_address("", kMailT0).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->store().confirm_mail_address(too_long, kMailT0).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->store().unsubscribe_mail_address(too_long, kMailT0).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->store().unsubscribe_thread("a@example.org", "", kMailT0).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->store().unsubscribe_thread("a@example.org", std::string(kMaxMailPageBytes + 1, 'p'), kMailT0)
                  .error()
                  .code,
              ErrorCode::kInvalid);
    EXPECT_EQ(this->store().mails_sent_to("", kMailT0).error().code, ErrorCode::kInvalid);
    auto none = this->store().mail_address(std::string(254, 'a'));
    ASSERT_TRUE(none.has_value());
    EXPECT_FALSE(none->has_value());
    // A message takes any address a comment may keep (up to 254 bytes), and no longer one.
    NewOutboxMessage m;
    m.channel = OutboxChannel::kMail;
    m.event_type = "reader_digest";
    m.recipient = std::string(250, 'a') + "@b.c";
    EXPECT_TRUE(this->store().enqueue_message(m).has_value());
    m.recipient += "d";
    EXPECT_EQ(this->store().enqueue_message(m).error().code, ErrorCode::kInvalid);
}

TYPED_TEST(NotificationContract, StoppingAllMailRemovesOnlyPendingReaderMail) {
    const std::string a = "a@example.org";
    for (auto type : {"confirm", "reply", "staff_reply", "approved", "reader_digest", "moderation_pending"})
        this->enqueue_mail(type, a);
    this->enqueue_mail("reply", "b@example.org");
    // One reply already sent stays as the record of what was sent.
    auto sent = this->enqueue_mail("reply", a);
    auto claimed = this->store().claim_messages("node-1", kMaxMessagesClaimed, kMailT0, seconds(30));
    ASSERT_TRUE(claimed.has_value());
    AttemptOutcome ok;
    ok.sent = true;
    ok.at = kMailT0;
    ASSERT_TRUE(this->store().finish_attempt(sent.id, "node-1", ok, 0).has_value());

    ASSERT_TRUE(this->store().unsubscribe_mail_address(a, mail_at(5)).has_value());
    auto left = this->mails();
    EXPECT_EQ(this->summary(left), (Mails{"moderation_pending>" + a, "reply>b@example.org", "reply>" + a}));
    EXPECT_EQ(left.back().status, MessageStatus::kSent);
}

TYPED_TEST(NotificationContract, StoppingAThreadRemovesItsPendingReplyMailOnly) {
    const std::string a = "a@example.org";
    this->enqueue_mail("reply", a, "/news/a");
    this->enqueue_mail("staff_reply", a, "/news/a");
    this->enqueue_mail("approved", a, "/news/a");
    this->enqueue_mail("reply", a, "/news/b");
    this->enqueue_mail("reply", "b@example.org", "/news/a");

    EXPECT_FALSE(*this->store().thread_unsubscribed(a, "/news/a"));
    ASSERT_TRUE(this->store().unsubscribe_thread(a, "/news/a", mail_at(1)).has_value());
    ASSERT_TRUE(this->store().unsubscribe_thread(a, "/news/a", mail_at(2)).has_value());  // idempotent
    EXPECT_TRUE(*this->store().thread_unsubscribed(a, "/news/a"));
    EXPECT_FALSE(*this->store().thread_unsubscribed(a, "/news/b"));
    EXPECT_FALSE(*this->store().thread_unsubscribed("b@example.org", "/news/a"));
    EXPECT_EQ(this->summary(this->mails()), (Mails{"approved>" + a, "reply>" + a, "reply>b@example.org"}));
}

// --- staff choices and digests -----------------------------------------------------------------

TYPED_TEST(NotificationContract, StaffPrefsDefaultToOffAndAreBounded) {
    auto mod = this->staff("mod@example.org", domain::Role::kModerator, StaffMailMode::kOff);
    domain::NewUser n;
    n.email = "fresh@example.org";
    n.name = "Fresh";
    n.role = domain::Role::kAdmin;
    n.password_hash = "x";
    n.created_at = kMailT0;
    auto fresh = this->store().insert_user(n);
    ASSERT_TRUE(fresh.has_value());
    auto defaults = this->store().staff_mail_prefs(fresh->id);
    ASSERT_TRUE(defaults.has_value());
    EXPECT_EQ(defaults->user_id, fresh->id);
    EXPECT_EQ(defaults->mode, StaffMailMode::kOff);
    EXPECT_EQ(defaults->digest_minutes, 60);
    EXPECT_FALSE(defaults->last_digest_at);

    StaffMailPrefs p;
    p.user_id = mod.id;
    p.mode = StaffMailMode::kDigest;
    p.digest_minutes = 15;
    auto set = this->store().set_staff_mail_prefs(p);
    ASSERT_TRUE(set.has_value()) << set.error().message;
    EXPECT_EQ(set->mode, StaffMailMode::kDigest);
    EXPECT_EQ(set->digest_minutes, 15);
    auto got = this->store().staff_mail_prefs(mod.id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->mode, StaffMailMode::kDigest);
    EXPECT_EQ(got->digest_minutes, 15);

    for (int bad : {0, 4, 1441}) {
        p.digest_minutes = bad;
        EXPECT_EQ(this->store().set_staff_mail_prefs(p).error().code, ErrorCode::kInvalid) << bad;
    }
    p.digest_minutes = 60;
    p.user_id = 999'999;
    EXPECT_EQ(this->store().set_staff_mail_prefs(p).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().staff_mail_prefs(999'999).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().mark_staff_digest(999'999, kMailT0, std::nullopt).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(*parse_staff_mail_mode("immediate"), StaffMailMode::kImmediate);
    EXPECT_FALSE(parse_staff_mail_mode("weekly"));
}

TYPED_TEST(NotificationContract, DigestsAreDueEveryPeriodForEnabledStaffOnly) {
    auto mod = this->staff("mod@example.org", domain::Role::kModerator, StaffMailMode::kDigest);
    auto admin = this->staff("admin@example.org", domain::Role::kAdmin, StaffMailMode::kDigest);
    this->staff("off@example.org", domain::Role::kModerator, StaffMailMode::kOff);
    this->staff("now@example.org", domain::Role::kModerator, StaffMailMode::kImmediate);
    this->staff("gone@example.org", domain::Role::kModerator, StaffMailMode::kDigest, /*disabled=*/true);
    this->staff("reader@example.org", domain::Role::kReader, StaffMailMode::kDigest);

    auto due = this->store().due_staff_digests(kMailT0);
    ASSERT_TRUE(due.has_value());
    ASSERT_EQ(due->size(), 2u);  // never sent: due at once
    EXPECT_EQ((*due)[0].user_id, mod.id);
    EXPECT_EQ((*due)[1].user_id, admin.id);

    auto marked = this->store().mark_staff_digest(mod.id, kMailT0, std::nullopt);
    ASSERT_TRUE(marked.has_value());
    EXPECT_TRUE(*marked);
    // A second node that read the same "never" loses: one digest, not two.
    auto again = this->store().mark_staff_digest(mod.id, kMailT0 + std::chrono::seconds(1), std::nullopt);
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(*again);
    EXPECT_EQ(this->store().staff_mail_prefs(mod.id)->last_digest_at, kMailT0);
    EXPECT_EQ(this->store().staff_mail_prefs(mod.id)->mode, StaffMailMode::kDigest);  // marking keeps the choice
    due = this->store().due_staff_digests(kMailT0 + minutes(59));
    ASSERT_TRUE(due.has_value());
    ASSERT_EQ(due->size(), 1u);
    EXPECT_EQ((*due)[0].user_id, admin.id);
    due = this->store().due_staff_digests(kMailT0 + minutes(60));
    ASSERT_TRUE(due.has_value());
    EXPECT_EQ(due->size(), 2u);

    // A day's period (the longest) does not overflow.
    StaffMailPrefs p = *this->store().staff_mail_prefs(mod.id);
    p.digest_minutes = kMaxDigestMinutes;
    ASSERT_TRUE(this->store().set_staff_mail_prefs(p).has_value());
    EXPECT_EQ(this->store().staff_mail_prefs(mod.id)->last_digest_at, kMailT0);  // a new choice keeps the mark
    EXPECT_EQ(this->store().due_staff_digests(kMailT0 + hours(23))->size(), 1u);
    EXPECT_EQ(this->store().due_staff_digests(kMailT0 + hours(24))->size(), 2u);
}

TYPED_TEST(NotificationContract, ModerationWorkCountsPendingAndReportedSince) {
    auto first = this->post({}, CommentStatus::kPending);
    auto approved = this->post({});
    auto work = this->store().moderation_work_since(std::nullopt);
    ASSERT_TRUE(work.has_value());
    EXPECT_EQ(work->pending, 1);
    EXPECT_EQ(work->reported, 0);
    ASSERT_TRUE(this->store().add_report(approved.id, "spam", "t:x", "", mail_at(10)).has_value());
    ASSERT_TRUE(this->store().add_report(approved.id, "rude", "t:y", "", mail_at(11)).has_value());
    ASSERT_TRUE(this->store().add_report(first.id, "rude", "t:y", "", mail_at(12)).has_value());
    work = this->store().moderation_work_since(std::nullopt);
    EXPECT_EQ(work->pending, 1);
    EXPECT_EQ(work->reported, 2);  // comments with open reports, not reports
    work = this->store().moderation_work_since(mail_at(11));
    EXPECT_EQ(work->pending, 0);   // made at kMailT0
    EXPECT_EQ(work->reported, 1);  // the report at 12 only
    ASSERT_TRUE(this->store().resolve_reports(first.id).has_value());
    EXPECT_EQ(this->store().moderation_work_since(mail_at(11))->reported, 0);
}

TYPED_TEST(NotificationContract, MailsSentToCountsSentMailSince) {
    const std::string a = "a@example.org";
    auto m1 = this->enqueue_mail("reply", a);
    auto m2 = this->enqueue_mail("reply", a);
    this->enqueue_mail("reply", a);  // never sent
    this->enqueue_mail("reply", "b@example.org");
    auto claimed = this->store().claim_messages("node-1", kMaxMessagesClaimed, kMailT0, seconds(30));
    ASSERT_TRUE(claimed.has_value());
    AttemptOutcome ok;
    ok.sent = true;
    ok.at = mail_at(100);
    ASSERT_TRUE(this->store().finish_attempt(m1.id, "node-1", ok, 0).has_value());
    ok.at = mail_at(200);
    ASSERT_TRUE(this->store().finish_attempt(m2.id, "node-1", ok, 0).has_value());
    EXPECT_EQ(*this->store().mails_sent_to(a, kMailT0), 2);
    EXPECT_EQ(*this->store().mails_sent_to(a, mail_at(200)), 1);
    EXPECT_EQ(*this->store().mails_sent_to(a, mail_at(201)), 0);
    EXPECT_EQ(*this->store().mails_sent_to("b@example.org", kMailT0), 0);
}

// --- holding a claimed message -----------------------------------------------------------------

TYPED_TEST(NotificationContract, OnlyTheLeaseOwnerHoldsAMessageUntilLater) {
    auto m = this->enqueue_mail("reply", "a@example.org");
    auto claimed = this->store().claim_messages("node-1", kMaxMessagesClaimed, kMailT0, seconds(30));
    ASSERT_TRUE(claimed.has_value());
    ASSERT_EQ(claimed->size(), 1u);

    EXPECT_EQ(this->store().hold_message(m.id, "node-2", mail_at(3600)).error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->store().hold_message(999'999, "node-1", mail_at(3600)).error().code, ErrorCode::kNotFound);
    auto held = this->store().hold_message(m.id, "node-1", mail_at(3600));
    ASSERT_TRUE(held.has_value()) << held.error().message;
    EXPECT_EQ(held->status, MessageStatus::kPending);
    EXPECT_EQ(held->next_attempt_at, mail_at(3600));
    EXPECT_EQ(held->attempts, 0);
    // The lease is gone: holding again is not this owner's to do, and no sender takes it early.
    EXPECT_EQ(this->store().hold_message(m.id, "node-1", mail_at(7200)).error().code, ErrorCode::kConflict);
    EXPECT_TRUE(this->store().claim_messages("node-2", kMaxMessagesClaimed, mail_at(3599), seconds(30))->empty());
    auto later = this->store().claim_messages("node-2", kMaxMessagesClaimed, mail_at(3600), seconds(30));
    ASSERT_TRUE(later.has_value());
    ASSERT_EQ(later->size(), 1u);
    EXPECT_EQ((*later)[0].id, m.id);
}

// --- the fan-out -------------------------------------------------------------------------------

TYPED_TEST(NotificationContract, AnUnconfirmedAddressGetsOnlyAConfirmation) {
    auto parent = this->post({"a@example.org", kNotifyReplies | kNotifyApproval, "tok-a"});
    this->post({"b@example.org", kNotifyReplies, "tok-b"}, CommentStatus::kApproved, parent.id);
    this->post({"c@example.org", 0, "tok-c"}, CommentStatus::kApproved, parent.id);  // asked for nothing
    auto made = this->mails();
    EXPECT_EQ(this->summary(made), (Mails{"confirm>a@example.org", "confirm>b@example.org"}));
    EXPECT_EQ(made[0].subject_id, parent.id);
    EXPECT_EQ(made[0].page, "/news/a");
    EXPECT_EQ(made[0].channel, OutboxChannel::kMail);
    EXPECT_EQ(made[0].endpoint_id, 0);
    EXPECT_EQ(made[0].next_attempt_at, kMailT0);
}

TYPED_TEST(NotificationContract, OneConfirmationADayPerAddress) {
    const Poster a{"a@example.org", kNotifyReplies};
    this->post(a);
    this->post(a);  // same batch
    EXPECT_EQ(this->mails().size(), 1u);
    this->post(a);
    EXPECT_EQ(this->mails(kMailT0 + hours(23)).size(), 1u);  // a later batch, the same day
    this->post(a);
    EXPECT_EQ(this->summary(this->mails(kMailT0 + hours(25))), (Mails{"confirm>a@example.org", "confirm>a@example.org"}));

    // Confirmed: no confirmation. Confirmed and then stopped, asking again: a new one.
    const Poster b{"b@example.org", kNotifyReplies};
    this->confirm(b.email);
    this->post(b);
    EXPECT_EQ(this->mails(kMailT0 + hours(25)).size(), 2u);
    ASSERT_TRUE(this->store().unsubscribe_mail_address(b.email, kMailT0).has_value());
    this->post(b);
    auto made = this->mails(kMailT0 + hours(25));
    ASSERT_EQ(made.size(), 3u);
    EXPECT_EQ(made.back().event_type + ">" + made.back().recipient, "confirm>b@example.org");

    // A confirmation made before a stop does not hold back the one asked for after it, that day.
    const Poster c{"c@example.org", kNotifyReplies};
    this->post(c);
    ASSERT_EQ(this->mails(kMailT0 + hours(26)).size(), 4u);
    ASSERT_TRUE(this->store().unsubscribe_mail_address(c.email, kMailT0 + hours(27)).has_value());
    this->post(c);
    auto again = this->mails(kMailT0 + hours(28));
    ASSERT_EQ(again.size(), 4u);  // the stop removed the first, still unsent; the new one is made
    EXPECT_EQ(again.back().event_type + ">" + again.back().recipient, "confirm>c@example.org");
}

TYPED_TEST(NotificationContract, AVisibleReplyIsMailedToTheParentsConfirmedAuthor) {
    this->confirm("a@example.org");
    auto parent = this->post({"a@example.org", kNotifyReplies, "tok-a"}, CommentStatus::kApproved, std::nullopt,
                             "/news/b");
    auto reply = this->post({"", 0, "tok-b"}, CommentStatus::kApproved, parent.id, "/news/b");
    auto staff_reply = this->post({"", 0, "", domain::Role::kModerator}, CommentStatus::kApproved, parent.id, "/news/b");
    auto made = this->mails();
    ASSERT_EQ(this->summary(made), (Mails{"reply>a@example.org", "staff_reply>a@example.org"}));
    EXPECT_EQ(made[0].subject_id, reply.id);
    EXPECT_EQ(made[0].page, "/news/b");
    EXPECT_EQ(made[1].subject_id, staff_reply.id);
}

TYPED_TEST(NotificationContract, NoReplyMailWhenTheParentDidNotAskOrCannotBeMailed) {
    for (auto email : {"a@example.org", "b@example.org", "c@example.org", "d@example.org"}) this->confirm(email);
    auto approval_only = this->post({"a@example.org", kNotifyApproval, "tok-a"});
    auto stopped_all = this->post({"b@example.org", kNotifyReplies, "tok-b"});
    auto stopped_thread = this->post({"c@example.org", kNotifyReplies, "tok-c"});
    auto deleted = this->post({"d@example.org", kNotifyReplies, "tok-d"});
    auto unconfirmed = this->post({"e@example.org", kNotifyReplies, "tok-e"});
    EXPECT_EQ(this->summary(this->mails()), (Mails{"confirm>e@example.org"}));
    ASSERT_TRUE(this->store().unsubscribe_mail_address("b@example.org", kMailT0).has_value());
    ASSERT_TRUE(this->store().unsubscribe_thread("c@example.org", "/news/a", kMailT0).has_value());
    ASSERT_TRUE(this->store().delete_comment(deleted.id).has_value());
    for (auto parent : {approval_only, stopped_all, stopped_thread, deleted, unconfirmed})
        this->post({"", 0, "tok-z"}, CommentStatus::kApproved, parent.id);
    EXPECT_EQ(this->summary(this->mails()), (Mails{"confirm>e@example.org"}));

    // Another thread of the same address is still mailed.
    auto elsewhere = this->post({"c@example.org", kNotifyReplies, "tok-c"}, CommentStatus::kApproved, std::nullopt,
                                "/news/other");
    this->post({"", 0, "tok-z"}, CommentStatus::kApproved, elsewhere.id, "/news/other");
    EXPECT_EQ(this->summary(this->mails()), (Mails{"confirm>e@example.org", "reply>c@example.org"}));
}

TYPED_TEST(NotificationContract, NoReplyMailForAReplyToOneself) {
    this->confirm("a@example.org");
    auto parent = this->post({"a@example.org", kNotifyReplies, "tok-a"});
    this->post({"a@example.org", 0, "tok-other-device"}, CommentStatus::kApproved, parent.id);  // same address
    this->post({"", 0, "tok-a"}, CommentStatus::kApproved, parent.id);                            // same token
    EXPECT_TRUE(this->mails().empty());
}

TYPED_TEST(NotificationContract, AReplyIsMailedOnceWhenApprovedHoweverOften) {
    this->confirm("a@example.org");
    auto parent = this->post({"a@example.org", kNotifyReplies, "tok-a"});
    auto reply = this->post({"", 0, "tok-b"}, CommentStatus::kPending, parent.id);
    EXPECT_TRUE(this->mails().empty());  // pending: not visible yet
    this->set_status(reply.id, CommentStatus::kApproved);
    this->set_status(reply.id, CommentStatus::kRejected);
    this->set_status(reply.id, CommentStatus::kApproved);  // all three in one batch
    EXPECT_EQ(this->summary(this->mails()), (Mails{"reply>a@example.org"}));
    this->set_status(reply.id, CommentStatus::kRejected);
    this->set_status(reply.id, CommentStatus::kApproved);  // a later batch
    EXPECT_EQ(this->mails().size(), 1u);
    // The store itself refuses a second one (two nodes fanning out the reply's events at once).
    NewOutboxMessage again;
    again.channel = OutboxChannel::kMail;
    again.event_type = "staff_reply";
    again.recipient = "a@example.org";
    again.subject_id = reply.id;
    EXPECT_EQ(this->store().enqueue_message(again).error().code, ErrorCode::kConflict);

    // Approved and hidden again before the fan-out: nothing.
    auto hidden = this->post({"", 0, "tok-c"}, CommentStatus::kPending, parent.id);
    this->set_status(hidden.id, CommentStatus::kApproved);
    this->set_status(hidden.id, CommentStatus::kSpam);
    EXPECT_EQ(this->mails().size(), 1u);
}

TYPED_TEST(NotificationContract, ApprovalIsMailedOnceToThoseWhoAsked) {
    for (auto email : {"a@example.org", "b@example.org", "d@example.org"}) this->confirm(email);
    auto asked = this->post({"a@example.org", kNotifyApproval, "tok-a"}, CommentStatus::kPending);
    auto replies_only = this->post({"b@example.org", kNotifyReplies, "tok-b"}, CommentStatus::kPending);
    auto unconfirmed = this->post({"c@example.org", kNotifyApproval, "tok-c"}, CommentStatus::kPending);
    auto stopped = this->post({"d@example.org", kNotifyApproval, "tok-d"}, CommentStatus::kPending);
    ASSERT_TRUE(this->store().unsubscribe_mail_address("d@example.org", kMailT0).has_value());
    EXPECT_EQ(this->summary(this->mails()), (Mails{"confirm>c@example.org", "confirm>d@example.org"}));
    for (auto c : {asked, replies_only, unconfirmed, stopped}) this->set_status(c.id, CommentStatus::kApproved);
    auto made = this->mails();
    ASSERT_EQ(this->summary(made), (Mails{"confirm>c@example.org", "confirm>d@example.org", "approved>a@example.org"}));
    EXPECT_EQ(made[2].subject_id, asked.id);
    this->set_status(asked.id, CommentStatus::kRejected);
    this->set_status(asked.id, CommentStatus::kApproved);
    EXPECT_EQ(this->mails().size(), 3u);
}

TYPED_TEST(NotificationContract, StaffWhoChoseImmediateMailAreToldOfPendingCommentsAndReports) {
    auto mod = this->staff("mod@example.org", domain::Role::kModerator, StaffMailMode::kImmediate);
    auto admin = this->staff("admin@example.org", domain::Role::kAdmin, StaffMailMode::kImmediate);
    this->staff("off@example.org", domain::Role::kModerator, StaffMailMode::kOff);
    this->staff("digest@example.org", domain::Role::kModerator, StaffMailMode::kDigest);
    this->staff("gone@example.org", domain::Role::kModerator, StaffMailMode::kImmediate, /*disabled=*/true);
    this->staff("reader@example.org", domain::Role::kReader, StaffMailMode::kImmediate);

    auto pending = this->post({}, CommentStatus::kPending);
    auto approved = this->post({});
    auto made = this->mails();
    ASSERT_EQ(this->summary(made), (Mails{"moderation_pending>mod@example.org", "moderation_pending>admin@example.org"}));
    EXPECT_EQ(made[0].subject_id, pending.id);

    ASSERT_TRUE(this->store().add_report(approved.id, "spam", "t:x", "", kMailT0).has_value());
    ASSERT_TRUE(this->store().add_report(approved.id, "rude", "t:y", "", kMailT0).has_value());  // same batch
    made = this->mails();
    ASSERT_EQ(made.size(), 4u);
    EXPECT_EQ(made[2].event_type + ">" + made[2].recipient, "moderation_report>mod@example.org");
    EXPECT_EQ(made[3].event_type + ">" + made[3].recipient, "moderation_report>admin@example.org");
    EXPECT_EQ(made[3].subject_id, approved.id);
    (void)mod;
    (void)admin;
}

// --- the insert and privacy --------------------------------------------------------------------

TYPED_TEST(NotificationContract, TheInsertKeepsTheAddressAndTheChoice) {
    auto c = this->post({"a@example.org", kNotifyReplies | kNotifyApproval, "tok-a"});
    domain::AuthorKey key;
    key.email = "a@example.org";
    auto data = this->store().author_data(key, "");
    ASSERT_TRUE(data.has_value()) << data.error().message;
    ASSERT_EQ(data->comments.size(), 1u);
    EXPECT_EQ(data->comments[0].comment.id, c.id);
    EXPECT_EQ(data->comments[0].author_email, "a@example.org");
    EXPECT_EQ(data->comments[0].notify, kNotifyReplies | kNotifyApproval);
    // No read a reader's page uses returns the address.
    auto got = this->store().get_comment(c.id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->text, "Hello");
}

TYPED_TEST(NotificationContract, APersonsMailIsInTheirExportAndGoesWithTheirErasure) {
    const std::string a = "a@example.org";
    this->post({a, kNotifyReplies, "tok-a"});
    this->mails();  // the confirmation to a
    this->confirm(a);
    ASSERT_TRUE(this->store().unsubscribe_thread(a, "/news/x", mail_at(5)).has_value());
    ASSERT_TRUE(this->store().unsubscribe_thread("b@example.org", "/news/x", mail_at(5)).has_value());
    this->confirm("b@example.org");
    this->enqueue_mail("reply", "b@example.org");

    // By the address, and by the token of the comment that kept it.
    domain::AuthorKey by_email;
    by_email.email = a;
    domain::AuthorKey by_token;
    by_token.token_hash = "tok-a";
    for (const auto& key : {by_email, by_token}) {
        auto data = this->store().author_data(key, "");
        ASSERT_TRUE(data.has_value()) << data.error().message;
        ASSERT_EQ(data->mail.addresses.size(), 1u);
        EXPECT_EQ(data->mail.addresses[0].email, a);
        EXPECT_EQ(data->mail.addresses[0].confirmed_at, kMailT0);
        ASSERT_EQ(data->mail.thread_unsubscribes.size(), 1u);
        EXPECT_EQ(data->mail.thread_unsubscribes[0], (ThreadUnsubscribe{a, "/news/x", mail_at(5)}));
        ASSERT_EQ(data->mail.messages.size(), 1u);  // not b's
        EXPECT_EQ(data->mail.messages[0].recipient, a);
        EXPECT_EQ(data->mail.messages[0].event_type, "confirm");
        EXPECT_EQ(data->mail.messages[0].status, MessageStatus::kPending);
        EXPECT_EQ(data->mail.messages[0].created_at, kMailT0);
        EXPECT_FALSE(data->mail.messages[0].sent_at);
    }

    ASSERT_TRUE(this->store().erase_author(by_email, "").has_value());
    auto after = this->store().author_data(by_email, "");
    ASSERT_TRUE(after.has_value());
    EXPECT_TRUE(after->mail.addresses.empty());
    EXPECT_TRUE(after->mail.thread_unsubscribes.empty());
    EXPECT_TRUE(after->mail.messages.empty());
    EXPECT_FALSE(this->store().mail_address(a)->has_value());
    EXPECT_FALSE(*this->store().thread_unsubscribed(a, "/news/x"));
    // Someone else's stays.
    EXPECT_TRUE(this->store().mail_address("b@example.org")->has_value());
    EXPECT_TRUE(*this->store().thread_unsubscribed("b@example.org", "/news/x"));
    EXPECT_EQ(this->summary(this->mails()), (Mails{"reply>b@example.org"}));
}

TYPED_TEST(NotificationContract, ErasingAStaffAccountTakesItsChoiceAndItsMail) {
    auto mod = this->staff("mod@example.org", domain::Role::kModerator, StaffMailMode::kImmediate);
    this->staff("other@example.org", domain::Role::kModerator, StaffMailMode::kImmediate);
    this->post({}, CommentStatus::kPending);
    EXPECT_EQ(this->mails().size(), 2u);
    domain::AuthorKey key;
    key.user_id = mod.id;
    auto data = this->store().author_data(key, "");
    ASSERT_TRUE(data.has_value());
    ASSERT_EQ(data->mail.messages.size(), 1u);
    EXPECT_EQ(data->mail.messages[0].event_type, "moderation_pending");

    ASSERT_TRUE(this->store().erase_author(key, "").has_value());
    EXPECT_EQ(this->summary(this->mails()), (Mails{"moderation_pending>other@example.org"}));
    EXPECT_EQ(this->store().staff_mail_prefs(mod.id).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace tribune::store
