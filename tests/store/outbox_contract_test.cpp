// The outbox role (store/outbox_store.hpp) on both engines: events written by the changes that
// cause them (and by nothing else), fanned out to the endpoints that ask for them, claimed under a
// lease by one sender at a time, finished with the endpoint's delivery log and failure count;
// endpoints bounded; racing claimers and fan-outs never sharing a row.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "article_helpers.hpp"
#include "store/common/store_export.hpp"
#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::CommentStatus;
using domain::ErrorCode;
using std::chrono::seconds;

const domain::Time kOutboxT0 = domain::from_micros(1'780'000'000'123'456);
domain::Time outbox_at(int s) { return kOutboxT0 + seconds(s); }

std::vector<std::string> every_event_type() {
    return {kWebhookEventTypes.begin(), kWebhookEventTypes.end()};
}

WebhookEndpoint endpoint_for(std::vector<std::string> events, std::string url = "https://hooks.example/in") {
    WebhookEndpoint e;
    e.url = std::move(url);
    e.events = std::move(events);
    e.secret = "whsec_c2VjcmV0LWtleS1ieXRlcw==";
    e.created_by = "admin";
    return e;
}

domain::NewComment outbox_comment(std::string page, CommentStatus status = CommentStatus::kPending) {
    domain::NewComment c;
    c.page = std::move(page);
    c.author.name = "Reader";
    c.author_token_hash = "tok-outbox";
    c.text = "Hello";
    c.status = status;
    c.created_at = kOutboxT0;
    return c;
}

AttemptOutcome failed_attempt(std::string error, std::optional<domain::Time> retry_at, int status_code = 500) {
    AttemptOutcome o;
    o.sent = false;
    o.retry_at = retry_at;
    o.at = outbox_at(1);
    o.status_code = status_code;
    o.error = std::move(error);
    o.duration_ms = 12;
    return o;
}

AttemptOutcome sent_attempt() {
    AttemptOutcome o;
    o.sent = true;
    o.at = outbox_at(2);
    o.status_code = 204;
    o.duration_ms = 7;
    return o;
}

template <class Factory>
class OutboxContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = factory_.open();
        ASSERT_NE(store_, nullptr);
    }
    Store& store() { return *store_; }

    WebhookEndpoint add(const WebhookEndpoint& e) {
        auto r = store().add_webhook(e);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : WebhookEndpoint{};
    }

    domain::Comment comment(std::string page, CommentStatus status = CommentStatus::kPending) {
        auto r = store().insert_comment(outbox_comment(std::move(page), status));
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : domain::Comment{};
    }

    std::int64_t waiting_events() {
        auto counts = store().outbox_counts();
        EXPECT_TRUE(counts.has_value());
        return counts ? counts->events : -1;
    }

    // Fans every waiting event out at `now`; returns the messages made, oldest first.
    std::vector<OutboxMessage> fan_out_all(domain::Time now = kOutboxT0) {
        for (int guard = 0; guard < 100; ++guard) {
            auto n = store().fan_out_events(kMaxEventsFannedOut, now);
            EXPECT_TRUE(n.has_value()) << (n ? "" : n.error().message);
            if (!n || *n == 0) break;
        }
        return messages({});
    }

    std::vector<OutboxMessage> messages(MessageQuery q) {
        q.limit = kMaxOutboxListLimit;
        auto r = store().list_messages(q);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        if (!r) return {};
        std::reverse(r->begin(), r->end());
        return *r;
    }

    OutboxMessage enqueue(std::int64_t endpoint_id, domain::Time due, std::int64_t subject = 1) {
        NewOutboxMessage m;
        m.event_type = "comment.created";
        m.subject_id = subject;
        m.page = "/p";
        m.endpoint_id = endpoint_id;
        m.event_at = kOutboxT0;
        m.due_at = due;
        auto r = store().enqueue_message(m);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : OutboxMessage{};
    }

    std::vector<OutboxMessage> claim(std::string_view owner, domain::Time now, int limit = kMaxMessagesClaimed) {
        auto r = store().claim_messages(owner, limit, now, seconds(30));
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : std::vector<OutboxMessage>{};
    }

    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(OutboxContract, testing::Engines);

// --- endpoints -----------------------------------------------------------------------------

TYPED_TEST(OutboxContract, EndpointsAreAddedListedUpdatedAndDeleted) {
    auto first = this->add(endpoint_for({"comment.approved", "comment.created", "comment.approved"}));
    EXPECT_GT(first.id, 0);
    EXPECT_EQ(first.events, (std::vector<std::string>{"comment.created", "comment.approved"}));
    EXPECT_TRUE(first.enabled);
    EXPECT_EQ(first.failures, 0);
    EXPECT_EQ(first.created_by, "admin");
    EXPECT_GT(first.created_at, domain::Time{});
    auto second = this->add(endpoint_for({"article.updated"}, "https://other.example/hook"));

    auto got = this->store().get_webhook(first.id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->url, "https://hooks.example/in");
    EXPECT_EQ(got->secret, first.secret);
    EXPECT_EQ(got->events, first.events);
    auto all = this->store().list_webhooks();
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, first.id);
    EXPECT_EQ((*all)[1].id, second.id);

    WebhookEndpoint changed = *got;
    changed.url = "https://hooks.example/v2";
    changed.events = {"article.published"};
    changed.enabled = false;
    changed.disabled_reason = "paused by the admin";
    auto updated = this->store().update_webhook(changed);
    ASSERT_TRUE(updated.has_value()) << updated.error().message;
    EXPECT_EQ(updated->url, "https://hooks.example/v2");
    EXPECT_EQ(updated->events, std::vector<std::string>{"article.published"});
    EXPECT_FALSE(updated->enabled);
    EXPECT_EQ(updated->disabled_reason, "paused by the admin");
    EXPECT_EQ(updated->created_at, first.created_at);

    ASSERT_TRUE(this->store().delete_webhook(first.id).has_value());
    EXPECT_EQ(this->store().get_webhook(first.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().delete_webhook(first.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().list_webhooks()->size(), 1u);
    changed.id = 9999;
    EXPECT_EQ(this->store().update_webhook(changed).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(OutboxContract, EndpointValuesAreBoundedAndNothingBadIsStored) {
    std::vector<WebhookEndpoint> bad(6, endpoint_for({"comment.created"}));
    bad[0].events = {};
    bad[1].events = {"comment.created", "comment.edited"};
    bad[2].events = {std::string(kWebhookTestEvent)};
    bad[3].url = "";
    bad[4].url = "https://x.example/" + std::string(kMaxWebhookUrlBytes, 'a');
    bad[5].secret = std::string(kMaxWebhookSecretBytes + 1, 's');
    for (const auto& e : bad) {
        auto r = this->store().add_webhook(e);
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
    }
    EXPECT_TRUE(this->store().list_webhooks()->empty());

    auto ok = this->add(endpoint_for({"comment.created"}));
    bad[1].id = ok.id;
    EXPECT_EQ(this->store().update_webhook(bad[1]).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->store().get_webhook(ok.id)->events, std::vector<std::string>{"comment.created"});
}

TYPED_TEST(OutboxContract, AtMostTheBoundOfEndpointsExist) {
    for (std::size_t i = 0; i < kMaxWebhookEndpoints; ++i) this->add(endpoint_for({"comment.created"}));
    auto over = this->store().add_webhook(endpoint_for({"comment.created"}));
    ASSERT_FALSE(over.has_value());
    EXPECT_EQ(over.error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->store().list_webhooks()->size(), kMaxWebhookEndpoints);
}

// --- events --------------------------------------------------------------------------------

TYPED_TEST(OutboxContract, EachChangeRecordsItsEventInItsTransaction) {
    this->add(endpoint_for(every_event_type()));
    auto c = this->comment("/news/a");
    ASSERT_TRUE(this->store().set_status(c.id, CommentStatus::kApproved, std::nullopt).has_value());
    ASSERT_TRUE(this->store().set_status(c.id, CommentStatus::kApproved, std::nullopt).has_value());  // no change
    ASSERT_TRUE(this->store().set_status(c.id, CommentStatus::kSpam, std::nullopt).has_value());
    ASSERT_TRUE(this->store().set_status(c.id, CommentStatus::kRejected, std::nullopt).has_value());  // still rejected
    ASSERT_TRUE(this->store().set_status(c.id, CommentStatus::kPending, std::nullopt).has_value());
    ASSERT_TRUE(this->store().set_status(c.id, CommentStatus::kRejected, std::nullopt).has_value());
    ASSERT_TRUE(this->store().add_report(c.id, "rude", "reader-1", "", outbox_at(5)).has_value());
    EXPECT_FALSE(this->store().add_report(c.id, "rude", "reader-1", "", outbox_at(6)).has_value());  // refused
    ASSERT_TRUE(this->store().delete_comment(c.id).has_value());
    ASSERT_TRUE(this->store().delete_comment(c.id).has_value());  // already deleted

    auto a = make_article("launch", "Ada", outbox_at(10));
    a.status = domain::ArticleStatus::kDraft;
    auto draft = insert_article(this->store(), a);
    ASSERT_TRUE(draft.has_value()) << draft.error().message;
    auto published = *draft;
    published.status = domain::ArticleStatus::kPublished;
    published.updated_at = outbox_at(11);
    ASSERT_TRUE(insert_article(this->store(), published).has_value());
    published.title = "Launch, updated";
    published.updated_at = outbox_at(12);
    ASSERT_TRUE(insert_article(this->store(), published).has_value());
    auto born_public = make_article("second", "Ada", outbox_at(13));
    auto second = insert_article(this->store(), born_public);
    ASSERT_TRUE(second.has_value());

    EXPECT_EQ(this->waiting_events(), 9);
    auto made = this->fan_out_all();
    std::vector<std::string> types;
    for (const auto& m : made) types.push_back(m.event_type);
    EXPECT_EQ(types, (std::vector<std::string>{"comment.created", "comment.approved", "comment.rejected",
                                               "comment.rejected", "comment.reported", "comment.deleted",
                                               "article.published", "article.updated", "article.published"}));
    ASSERT_EQ(made.size(), 9u);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(made[static_cast<std::size_t>(i)].subject_id, c.id);
        EXPECT_EQ(made[static_cast<std::size_t>(i)].page, "/news/a");
    }
    EXPECT_EQ(made[0].event_at, kOutboxT0);   // the comment's own time
    EXPECT_EQ(made[4].event_at, outbox_at(5));  // the report's
    EXPECT_EQ(made[6].subject_id, draft->id);
    EXPECT_EQ(made[6].page, "/articles/launch");
    EXPECT_EQ(made[6].event_at, outbox_at(11));
    EXPECT_EQ(made[7].event_at, outbox_at(12));
    EXPECT_EQ(made[8].subject_id, second->id);
    EXPECT_EQ(this->waiting_events(), 0);
}

TYPED_TEST(OutboxContract, AScheduledArticleGoingPublicIsPublishedAndUnpublishingIsNoEvent) {
    this->add(endpoint_for({"article.published", "article.updated"}));
    auto a = make_article("later", "Ada", outbox_at(100));
    a.status = domain::ArticleStatus::kScheduled;
    auto scheduled = insert_article(this->store(), a);
    ASSERT_TRUE(scheduled.has_value()) << scheduled.error().message;
    auto live = *scheduled;
    live.status = domain::ArticleStatus::kPublished;  // what the scheduler saves when its time comes
    ASSERT_TRUE(insert_article(this->store(), live).has_value());
    live.status = domain::ArticleStatus::kUnpublished;
    live.updated_at = outbox_at(200);
    ASSERT_TRUE(insert_article(this->store(), live).has_value());
    live.status = domain::ArticleStatus::kPublished;
    live.updated_at = outbox_at(300);
    ASSERT_TRUE(insert_article(this->store(), live).has_value());
    auto made = this->fan_out_all();
    ASSERT_EQ(made.size(), 2u);
    EXPECT_EQ(made[0].event_type, "article.published");
    EXPECT_EQ(made[0].event_at, outbox_at(100));
    EXPECT_EQ(made[1].event_type, "article.published");  // public again
    EXPECT_EQ(made[1].event_at, outbox_at(300));
}

TYPED_TEST(OutboxContract, AnApprovedReplyAndAPrivacyEraseRecordTheirEvents) {
    this->add(endpoint_for({"comment.created", "comment.deleted"}));
    auto top = this->comment("/p", CommentStatus::kApproved);
    auto reply = this->store().insert_comment([&] {
        auto n = outbox_comment("/p", CommentStatus::kApproved);
        n.parent_id = top.id;
        return n;
    }());
    ASSERT_TRUE(reply.has_value());
    // The privacy erase deletes the author's comments: each deletion is an event like any other.
    domain::AuthorKey author;
    author.token_hash = "tok-outbox";
    auto erased = this->store().erase_author(author, "t:tok-outbox");
    ASSERT_TRUE(erased.has_value()) << erased.error().message;
    auto made = this->fan_out_all();
    ASSERT_EQ(made.size(), 4u);
    EXPECT_EQ(made[0].subject_id, top.id);
    EXPECT_EQ(made[1].subject_id, reply->id);
    EXPECT_EQ(made[2].event_type, "comment.deleted");
    EXPECT_EQ(made[3].event_type, "comment.deleted");
    EXPECT_EQ((std::set<std::int64_t>{made[2].subject_id, made[3].subject_id}),
              (std::set<std::int64_t>{top.id, reply->id}));
}

TYPED_TEST(OutboxContract, ImportsRecordNoEvents) {
    ImportedComment c;
    c.source_id = "d-1";
    c.page = "/imported";
    c.author_name = "Old reader";
    c.text = "From before";
    c.status = CommentStatus::kApproved;
    c.created_at = outbox_at(-100);
    auto added = this->store().add_imported_comments("disqus", {c});
    ASSERT_TRUE(added.has_value()) << added.error().message;
    EXPECT_EQ(this->waiting_events(), 0);

    // The whole-store import (migrate-store) copies rows, not changes: the copy has no events.
    this->comment("/p", CommentStatus::kApproved);
    ASSERT_TRUE(insert_article(this->store(), make_article("copied", "Ada", outbox_at(1))).has_value());
    EXPECT_EQ(this->waiting_events(), 2);
    TypeParam other_factory;
    auto target = other_factory.open();
    StoreExport rows(this->store(), 100);
    auto imported = target->import_all(rows, {});
    ASSERT_TRUE(imported.has_value()) << imported.error().message;
    EXPECT_EQ(target->outbox_counts()->events, 0);
}

TYPED_TEST(OutboxContract, AFailedChangeLeavesNoEvent) {
    this->add(endpoint_for(every_event_type()));
    EXPECT_EQ(this->store().set_status(4242, CommentStatus::kApproved, std::nullopt).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(this->store().delete_comment(4242).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().add_report(4242, "x", "r", "", kOutboxT0).error().code, ErrorCode::kNotFound);
    auto c = this->comment("/p");
    ASSERT_EQ(this->store().fan_out_events(10, kOutboxT0).value(), 1);
    // A change refused for a stale version leaves nothing.
    EXPECT_EQ(this->store().set_status(c.id, CommentStatus::kApproved, std::string("stale")).error().code,
              ErrorCode::kConflict);
    // So does an article saved over a newer revision.
    auto a = insert_article(this->store(), make_article("x", "Ada", outbox_at(1)));
    ASSERT_TRUE(a.has_value());
    ASSERT_EQ(this->store().fan_out_events(10, kOutboxT0).value(), 1);
    ArticleSave stale;
    stale.article = *a;
    stale.base_revision = a->revision + 5;
    stale.saved_by = "test";
    EXPECT_EQ(this->store().save_article(stale).error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->waiting_events(), 0);
}

TYPED_TEST(OutboxContract, RecordEventTakesOnlyKnownTypes) {
    this->add(endpoint_for({"article.updated"}));
    EXPECT_EQ(this->store().record_event({0, "comment.edited", 1, "/p", kOutboxT0}).error().code,
              ErrorCode::kInvalid);
    EXPECT_EQ(this->store().record_event({0, std::string(kWebhookTestEvent), 1, "/p", kOutboxT0}).error().code,
              ErrorCode::kInvalid);
    EXPECT_EQ(this->waiting_events(), 0);
    ASSERT_TRUE(this->store().record_event({0, "article.updated", 77, "/articles/x", outbox_at(3)}).has_value());
    auto made = this->fan_out_all(outbox_at(4));
    ASSERT_EQ(made.size(), 1u);
    EXPECT_EQ(made[0].subject_id, 77);
    EXPECT_EQ(made[0].page, "/articles/x");
    EXPECT_EQ(made[0].event_at, outbox_at(3));
    EXPECT_EQ(made[0].next_attempt_at, outbox_at(4));
}

// --- fan-out -------------------------------------------------------------------------------

TYPED_TEST(OutboxContract, FanOutMakesOneMessagePerEndpointThatAsksAndADisabledOnesWaits) {
    auto created = this->add(endpoint_for({"comment.created"}));
    this->add(endpoint_for({"comment.approved"}));
    auto off = endpoint_for({"comment.created", "comment.deleted"});
    off.enabled = false;
    off.disabled_reason = "paused";
    auto paused = this->add(off);
    auto both = this->add(endpoint_for({"comment.created", "comment.deleted"}));

    EXPECT_EQ(this->store().fan_out_events(10, kOutboxT0).value(), 0);  // none waiting
    auto c = this->comment("/p");
    auto n = this->store().fan_out_events(10, outbox_at(1));
    ASSERT_TRUE(n.has_value()) << n.error().message;
    EXPECT_EQ(*n, 1);
    EXPECT_EQ(this->waiting_events(), 0);
    EXPECT_EQ(this->store().fan_out_events(10, outbox_at(1)).value(), 0);

    auto made = this->messages({});
    ASSERT_EQ(made.size(), 3u);
    std::set<std::int64_t> endpoints{made[0].endpoint_id, made[1].endpoint_id, made[2].endpoint_id};
    EXPECT_EQ(endpoints, (std::set<std::int64_t>{created.id, paused.id, both.id}));
    // The paused endpoint's message waits for it: not claimed while it is disabled.
    auto claimed = this->store().claim_messages("node-a", 10, outbox_at(1), seconds(30));
    ASSERT_TRUE(claimed.has_value());
    ASSERT_EQ(claimed->size(), 2u);
    for (const auto& m : *claimed) EXPECT_NE(m.endpoint_id, paused.id);
    // "msg_" and 32 lowercase hex digits (no std::regex: g++ 12 warns falsely inside it under the sanitizers).
    const auto is_key = [](const std::string& k) {
        return k.size() == 36 && k.rfind("msg_", 0) == 0 &&
               std::all_of(k.begin() + 4, k.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
    };
    for (const auto& m : made) {
        EXPECT_TRUE(is_key(m.key)) << m.key;
        EXPECT_EQ(m.channel, OutboxChannel::kWebhook);
        EXPECT_EQ(m.event_type, "comment.created");
        EXPECT_EQ(m.subject_id, c.id);
        EXPECT_EQ(m.status, MessageStatus::kPending);
        EXPECT_EQ(m.attempts, 0);
        EXPECT_EQ(m.next_attempt_at, outbox_at(1));
        EXPECT_EQ(m.created_at, outbox_at(1));
        EXPECT_EQ(m.recipient, "");
        EXPECT_FALSE(m.sent_at.has_value());
    }
    EXPECT_NE(made[0].key, made[1].key);

    // An event no endpoint asks for goes all the same.
    ASSERT_TRUE(this->store().record_event({0, "article.updated", 3, "/a", kOutboxT0}).has_value());
    EXPECT_EQ(this->store().fan_out_events(10, outbox_at(2)).value(), 1);
    EXPECT_EQ(this->waiting_events(), 0);
    EXPECT_EQ(this->messages({}).size(), 3u);
}

TYPED_TEST(OutboxContract, FanOutTakesTheOldestEventsUpToItsLimit) {
    this->add(endpoint_for({"article.updated"}));
    for (int i = 1; i <= 5; ++i)
        ASSERT_TRUE(this->store().record_event({0, "article.updated", i, "/a", outbox_at(i)}).has_value());
    EXPECT_EQ(this->store().fan_out_events(3, kOutboxT0).value(), 3);
    EXPECT_EQ(this->waiting_events(), 2);
    auto made = this->messages({});
    ASSERT_EQ(made.size(), 3u);
    EXPECT_EQ(made[0].subject_id, 1);
    EXPECT_EQ(made[2].subject_id, 3);
    EXPECT_EQ(this->store().fan_out_events(3, kOutboxT0).value(), 2);
}

// --- claiming and finishing ----------------------------------------------------------------

TYPED_TEST(OutboxContract, ClaimTakesDueMessagesOldestDueFirstUnderALease) {
    auto e = this->add(endpoint_for({"comment.created"}));
    auto later = this->enqueue(e.id, outbox_at(100), 1);
    auto soon = this->enqueue(e.id, outbox_at(10), 2);
    auto sooner = this->enqueue(e.id, outbox_at(5), 3);
    EXPECT_TRUE(this->claim("node-a", outbox_at(4)).empty());

    auto first = this->claim("node-a", outbox_at(10));
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].id, sooner.id);
    EXPECT_EQ(first[1].id, soon.id);
    // Leased: nobody else gets them until the lease ends.
    EXPECT_TRUE(this->claim("node-b", outbox_at(20)).empty());
    auto after_lease = this->claim("node-b", outbox_at(40));
    ASSERT_EQ(after_lease.size(), 2u);
    // The first owner lost them: its report of an attempt is refused.
    auto stale = this->store().finish_attempt(sooner.id, "node-a", sent_attempt(), 5);
    ASSERT_FALSE(stale.has_value());
    EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
    auto done = this->store().finish_attempt(sooner.id, "node-b", sent_attempt(), 5);
    ASSERT_TRUE(done.has_value()) << done.error().message;
    EXPECT_EQ(done->message.status, MessageStatus::kSent);
    ASSERT_TRUE(this->store().finish_attempt(soon.id, "node-b", sent_attempt(), 5).has_value());

    auto last = this->claim("node-c", outbox_at(100), 1);
    ASSERT_EQ(last.size(), 1u);
    EXPECT_EQ(last[0].id, later.id);
    EXPECT_EQ(this->store().finish_attempt(424242, "node-c", sent_attempt(), 5).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().claim_messages("", 1, outbox_at(100), seconds(30)).error().code, ErrorCode::kInvalid);
}

TYPED_TEST(OutboxContract, MessagesOfADisabledEndpointWaitUntilItIsEnabledAgain) {
    auto e = this->add(endpoint_for({"comment.created"}));
    auto m = this->enqueue(e.id, kOutboxT0);
    auto off = e;
    off.enabled = false;
    off.disabled_reason = "paused";
    ASSERT_TRUE(this->store().update_webhook(off).has_value());
    EXPECT_TRUE(this->claim("node-a", outbox_at(1)).empty());
    off.enabled = true;
    auto on = this->store().update_webhook(off);
    ASSERT_TRUE(on.has_value());
    EXPECT_EQ(on->disabled_reason, "");  // no reason while enabled
    auto got = this->claim("node-a", outbox_at(1));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].id, m.id);
}

TYPED_TEST(OutboxContract, AttemptsAreLoggedAndFailuresDisableTheEndpointAtTheThreshold) {
    auto e = this->add(endpoint_for({"comment.created"}));
    auto m = this->enqueue(e.id, kOutboxT0);

    ASSERT_EQ(this->claim("node-a", kOutboxT0).size(), 1u);
    auto first = this->store().finish_attempt(m.id, "node-a", failed_attempt("HTTP 500", outbox_at(60)), 3);
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_EQ(first->message.status, MessageStatus::kPending);
    EXPECT_EQ(first->message.attempts, 1);
    EXPECT_EQ(first->message.next_attempt_at, outbox_at(60));
    EXPECT_EQ(first->message.last_error, "HTTP 500");
    EXPECT_FALSE(first->endpoint_disabled);
    EXPECT_EQ(this->store().get_webhook(e.id)->failures, 1);
    // Not due before its retry time; its lease is over.
    EXPECT_TRUE(this->claim("node-a", outbox_at(59)).empty());

    ASSERT_EQ(this->claim("node-a", outbox_at(60)).size(), 1u);
    auto second = this->store().finish_attempt(m.id, "node-a", failed_attempt("timeout", outbox_at(120), 0), 3);
    ASSERT_TRUE(second.has_value());
    EXPECT_FALSE(second->endpoint_disabled);

    ASSERT_EQ(this->claim("node-a", outbox_at(120)).size(), 1u);
    auto third = this->store().finish_attempt(m.id, "node-a", failed_attempt("HTTP 503", std::nullopt, 503), 3);
    ASSERT_TRUE(third.has_value());
    EXPECT_EQ(third->message.status, MessageStatus::kDead);
    EXPECT_EQ(third->message.attempts, 3);
    EXPECT_TRUE(third->endpoint_disabled);
    auto disabled = this->store().get_webhook(e.id);
    EXPECT_FALSE(disabled->enabled);
    EXPECT_EQ(disabled->failures, 3);
    EXPECT_EQ(disabled->disabled_reason, "HTTP 503");

    auto log = this->store().list_deliveries(e.id, std::nullopt, 10);
    ASSERT_TRUE(log.has_value()) << log.error().message;
    ASSERT_EQ(log->size(), 3u);
    EXPECT_EQ((*log)[0].attempt, 3);
    EXPECT_EQ((*log)[0].status_code, 503);
    EXPECT_EQ((*log)[0].error, "HTTP 503");
    EXPECT_EQ((*log)[0].message_key, m.key);
    EXPECT_EQ((*log)[0].message_id, m.id);
    EXPECT_EQ((*log)[0].event_type, "comment.created");
    EXPECT_EQ((*log)[0].duration_ms, 12);
    EXPECT_EQ((*log)[0].at, outbox_at(1));
    EXPECT_EQ((*log)[2].attempt, 1);
    auto older = this->store().list_deliveries(e.id, (*log)[0].id, 1);
    ASSERT_EQ(older->size(), 1u);
    EXPECT_EQ((*older)[0].attempt, 2);
    EXPECT_EQ(this->store().list_deliveries(9999, std::nullopt, 10).error().code, ErrorCode::kNotFound);

    // Enabled again: its failures start afresh, and a success keeps them at 0.
    auto on = *disabled;
    on.enabled = true;
    ASSERT_EQ(this->store().update_webhook(on)->failures, 0);
    auto next = this->enqueue(e.id, outbox_at(200));
    ASSERT_EQ(this->claim("node-a", outbox_at(200)).size(), 1u);
    ASSERT_TRUE(this->store().finish_attempt(next.id, "node-a", failed_attempt("HTTP 500", outbox_at(260)), 3));
    EXPECT_EQ(this->store().get_webhook(e.id)->failures, 1);
    ASSERT_EQ(this->claim("node-a", outbox_at(260)).size(), 1u);
    auto ok = this->store().finish_attempt(next.id, "node-a", sent_attempt(), 3);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(ok->message.status, MessageStatus::kSent);
    EXPECT_EQ(ok->message.last_error, "");
    EXPECT_EQ(ok->message.sent_at, outbox_at(2));
    EXPECT_EQ(this->store().get_webhook(e.id)->failures, 0);
    // A finished message is no one's: finishing it again is refused.
    EXPECT_EQ(this->store().finish_attempt(next.id, "node-a", sent_attempt(), 3).error().code, ErrorCode::kConflict);
}

TYPED_TEST(OutboxContract, ALongErrorIsCutAtACharacterBoundary) {
    auto e = this->add(endpoint_for({"comment.created"}));
    auto m = this->enqueue(e.id, kOutboxT0);
    ASSERT_EQ(this->claim("node-a", kOutboxT0).size(), 1u);
    const std::string error = std::string(kMaxOutboxErrorBytes - 1, 'x') + "é and more";
    auto r = this->store().finish_attempt(m.id, "node-a", failed_attempt(error, outbox_at(60)), 0);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    EXPECT_EQ(r->message.last_error, std::string(kMaxOutboxErrorBytes - 1, 'x'));
    EXPECT_EQ(this->store().list_deliveries(e.id, std::nullopt, 1)->front().error, r->message.last_error);
    EXPECT_TRUE(this->store().get_webhook(e.id)->enabled);  // 0: never disabled
}

TYPED_TEST(OutboxContract, ADeadMessageIsRetriedWithItsAttemptsKept) {
    auto e = this->add(endpoint_for({"comment.created"}));
    auto m = this->enqueue(e.id, kOutboxT0);
    EXPECT_EQ(this->store().retry_message(m.id, outbox_at(1)).error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->store().retry_message(9999, outbox_at(1)).error().code, ErrorCode::kNotFound);
    ASSERT_EQ(this->claim("node-a", kOutboxT0).size(), 1u);
    ASSERT_TRUE(this->store().finish_attempt(m.id, "node-a", failed_attempt("gone", std::nullopt, 410), 10));
    auto retried = this->store().retry_message(m.id, outbox_at(500));
    ASSERT_TRUE(retried.has_value()) << retried.error().message;
    EXPECT_EQ(retried->status, MessageStatus::kPending);
    EXPECT_EQ(retried->attempts, 1);
    EXPECT_EQ(retried->next_attempt_at, outbox_at(500));
    EXPECT_EQ(retried->key, m.key);
    auto again = this->claim("node-b", outbox_at(500));
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].id, m.id);
}

TYPED_TEST(OutboxContract, MailMessagesNeedNoEndpoint) {
    NewOutboxMessage mail;
    mail.channel = OutboxChannel::kMail;
    mail.event_type = "reply_notice";
    mail.recipient = "reader@example.org";
    mail.subject_id = 5;
    mail.page = "/p";
    mail.event_at = kOutboxT0;
    mail.due_at = kOutboxT0;
    auto m = this->store().enqueue_message(mail);
    ASSERT_TRUE(m.has_value()) << m.error().message;
    EXPECT_EQ(m->channel, OutboxChannel::kMail);
    EXPECT_EQ(m->endpoint_id, 0);
    EXPECT_EQ(m->recipient, "reader@example.org");
    // A node without a relay leaves mail to the nodes that have one.
    auto without_mail = this->store().claim_messages("node-b", 10, kOutboxT0, seconds(30), false);
    ASSERT_TRUE(without_mail.has_value());
    EXPECT_TRUE(without_mail->empty());
    auto got = this->claim("node-a", kOutboxT0);
    ASSERT_EQ(got.size(), 1u);
    auto done = this->store().finish_attempt(m->id, "node-a", sent_attempt(), 3);
    ASSERT_TRUE(done.has_value()) << done.error().message;
    EXPECT_EQ(done->message.status, MessageStatus::kSent);

    mail.recipient = "";
    EXPECT_EQ(this->store().enqueue_message(mail).error().code, ErrorCode::kInvalid);
    NewOutboxMessage hook;
    hook.event_type = std::string(kWebhookTestEvent);
    hook.endpoint_id = 31337;
    EXPECT_EQ(this->store().enqueue_message(hook).error().code, ErrorCode::kNotFound);
    hook.event_type = "comment.edited";
    EXPECT_EQ(this->store().enqueue_message(hook).error().code, ErrorCode::kInvalid);
}

// --- reading, pruning, deleting ------------------------------------------------------------

TYPED_TEST(OutboxContract, MessagesAreListedNewestFirstByFilter) {
    auto a = this->add(endpoint_for({"comment.created"}));
    auto b = this->add(endpoint_for({"comment.created"}));
    auto a1 = this->enqueue(a.id, kOutboxT0, 1);
    auto b1 = this->enqueue(b.id, kOutboxT0, 2);
    auto a2 = this->enqueue(a.id, kOutboxT0, 3);
    ASSERT_EQ(this->claim("node-a", kOutboxT0, 1).size(), 1u);
    ASSERT_TRUE(this->store().finish_attempt(a1.id, "node-a", failed_attempt("x", std::nullopt), 0));

    auto all = this->store().list_messages({});
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].id, a2.id);
    EXPECT_EQ((*all)[2].id, a1.id);
    MessageQuery of_a;
    of_a.endpoint_id = a.id;
    auto only_a = this->store().list_messages(of_a);
    ASSERT_EQ(only_a->size(), 2u);
    of_a.before_id = a2.id;
    ASSERT_EQ(this->store().list_messages(of_a)->size(), 1u);
    MessageQuery dead;
    dead.status = MessageStatus::kDead;
    auto dead_ones = this->store().list_messages(dead);
    ASSERT_EQ(dead_ones->size(), 1u);
    EXPECT_EQ(dead_ones->front().id, a1.id);
    MessageQuery mail;
    mail.channel = OutboxChannel::kMail;
    EXPECT_TRUE(this->store().list_messages(mail)->empty());
    MessageQuery one;
    one.limit = 1;
    EXPECT_EQ(this->store().list_messages(one)->size(), 1u);

    auto got = this->store().get_message(b1.id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->key, b1.key);
    EXPECT_EQ(got->endpoint_id, b.id);
    EXPECT_EQ(this->store().get_message(9999).error().code, ErrorCode::kNotFound);

    auto counts = this->store().outbox_counts();
    ASSERT_TRUE(counts.has_value());
    EXPECT_EQ(counts->events, 0);
    EXPECT_EQ(counts->pending, 2);
    EXPECT_EQ(counts->sent, 0);
    EXPECT_EQ(counts->dead, 1);
}

TYPED_TEST(OutboxContract, PruningRemovesOldSentMessagesAndDeliveries) {
    auto e = this->add(endpoint_for({"comment.created"}));
    auto sent = this->enqueue(e.id, kOutboxT0, 1);
    auto dead = this->enqueue(e.id, kOutboxT0, 2);
    auto pending = this->enqueue(e.id, outbox_at(1000), 3);
    ASSERT_EQ(this->claim("node-a", kOutboxT0).size(), 2u);
    ASSERT_TRUE(this->store().finish_attempt(sent.id, "node-a", sent_attempt(), 0));
    ASSERT_TRUE(this->store().finish_attempt(dead.id, "node-a", failed_attempt("x", std::nullopt), 0));

    auto none = this->store().prune_outbox(outbox_at(1));  // sent at 2, attempts at 1 and 2
    ASSERT_TRUE(none.has_value()) << none.error().message;
    EXPECT_EQ(*none, 0);
    auto pruned = this->store().prune_outbox(outbox_at(3));
    ASSERT_TRUE(pruned.has_value());
    EXPECT_EQ(*pruned, 3);  // the sent message and both log rows
    EXPECT_EQ(this->store().get_message(sent.id).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(this->store().get_message(dead.id).has_value());
    EXPECT_TRUE(this->store().get_message(pending.id).has_value());
    EXPECT_TRUE(this->store().list_deliveries(e.id, std::nullopt, 10)->empty());

    // A pending message made before the cutoff is stale: nothing sent it all that while.
    const auto an_hour_on =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()) + std::chrono::hours(1);
    ASSERT_TRUE(this->store().prune_outbox(an_hour_on).has_value());
    EXPECT_EQ(this->store().get_message(pending.id).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(this->store().get_message(dead.id).has_value());
}

TYPED_TEST(OutboxContract, DeletingAnEndpointRemovesItsMessagesAndLog) {
    auto gone = this->add(endpoint_for({"comment.created"}));
    auto kept = this->add(endpoint_for({"comment.created"}));
    auto m = this->enqueue(gone.id, kOutboxT0);
    auto other = this->enqueue(kept.id, kOutboxT0);
    ASSERT_EQ(this->claim("node-a", kOutboxT0, 1).size(), 1u);
    ASSERT_TRUE(this->store().finish_attempt(m.id, "node-a", failed_attempt("x", outbox_at(5)), 0));
    ASSERT_TRUE(this->store().delete_webhook(gone.id).has_value());
    EXPECT_EQ(this->store().get_message(m.id).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(this->store().get_message(other.id).has_value());
    EXPECT_EQ(this->store().list_deliveries(gone.id, std::nullopt, 10).error().code, ErrorCode::kNotFound);
    // Ids never come back, not even the newest's: audit entries name endpoints and messages by id.
    auto newest = this->add(endpoint_for({"comment.created"}));
    auto newest_message = this->enqueue(newest.id, kOutboxT0, 9);
    ASSERT_TRUE(this->store().delete_webhook(newest.id).has_value());
    auto next = this->add(endpoint_for({"comment.created"}));
    EXPECT_GT(next.id, newest.id);
    EXPECT_GT(this->enqueue(next.id, kOutboxT0, 10).id, newest_message.id);
    EXPECT_TRUE(this->store().list_deliveries(next.id, std::nullopt, 10)->empty());
}

// --- racing nodes --------------------------------------------------------------------------

TYPED_TEST(OutboxContract, RacingClaimersNeverShareAMessage) {
    constexpr int kMessages = 200;
    auto e = this->add(endpoint_for({"comment.created"}));
    for (int i = 1; i <= kMessages; ++i) this->enqueue(e.id, kOutboxT0, i);
    std::vector<std::vector<std::int64_t>> taken(3);
    std::atomic<int> errors{0};
    std::vector<std::thread> claimers;
    for (std::size_t t = 0; t < taken.size(); ++t)
        claimers.emplace_back([this, t, &taken, &errors] {
            const std::string owner = "node-" + std::to_string(t);
            for (int round = 0; round < 400; ++round) {
                auto got = this->store().claim_messages(owner, 7, outbox_at(1), seconds(300));
                if (!got) {
                    ++errors;
                    continue;
                }
                if (got->empty()) return;
                for (const auto& m : *got) taken[t].push_back(m.id);
            }
        });
    for (auto& c : claimers) c.join();
    EXPECT_EQ(errors.load(), 0);
    std::multiset<std::int64_t> ids;
    for (const auto& mine : taken) ids.insert(mine.begin(), mine.end());
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kMessages));
    EXPECT_EQ(std::set<std::int64_t>(ids.begin(), ids.end()).size(), ids.size()) << "a message was claimed twice";
}

TYPED_TEST(OutboxContract, RacingFanOutsNeverDuplicateAMessage) {
    constexpr int kEvents = 200;
    auto a = this->add(endpoint_for({"article.updated"}));
    auto b = this->add(endpoint_for({"article.updated", "comment.created"}));
    for (int i = 1; i <= kEvents; ++i)
        ASSERT_TRUE(this->store().record_event({0, "article.updated", i, "/a", kOutboxT0}).has_value());
    std::atomic<int> errors{0};
    std::vector<std::thread> fanners;
    for (int t = 0; t < 3; ++t)
        fanners.emplace_back([this, &errors] {
            for (int round = 0; round < 400; ++round) {
                auto n = this->store().fan_out_events(7, kOutboxT0);
                if (!n) {
                    ++errors;
                    continue;
                }
                if (*n == 0) return;
            }
        });
    for (auto& f : fanners) f.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_EQ(this->waiting_events(), 0);
    std::map<std::int64_t, std::set<std::int64_t>> endpoints_of;
    int total = 0;
    MessageQuery q;
    q.limit = kMaxOutboxListLimit;
    for (int guard = 0; guard < 10; ++guard) {
        auto page = this->store().list_messages(q);
        ASSERT_TRUE(page.has_value());
        if (page->empty()) break;
        for (const auto& m : *page) {
            ++total;
            endpoints_of[m.subject_id].insert(m.endpoint_id);
        }
        q.before_id = page->back().id;
    }
    EXPECT_EQ(total, 2 * kEvents);
    ASSERT_EQ(endpoints_of.size(), static_cast<std::size_t>(kEvents));
    for (const auto& [subject, endpoints] : endpoints_of)
        EXPECT_EQ(endpoints, (std::set<std::int64_t>{a.id, b.id})) << "subject " << subject;
}

}  // namespace
}  // namespace tribune::store
