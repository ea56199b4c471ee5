// The moderation half of the Store contract (the desk's queues, reports, bans, accounts,
// sessions, audit log, policies, settings, privacy export and erasure): every engine must pass it.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "numbered.hpp"
#include "store_factories.hpp"

namespace tribune::store {
namespace {

using domain::AuditEntry;
using domain::AuthorKey;
using domain::AuthorStats;
using domain::Ban;
using domain::BanKind;
using domain::Comment;
using domain::CommentId;
using domain::CommentStatus;
using domain::ErrorCode;
using domain::ModerationMode;
using domain::NewComment;
using domain::NewUser;
using domain::Role;
using domain::Session;
using domain::SortOrder;
using domain::ThreadPolicy;
using domain::Time;
using domain::User;

using testing::numbered;

const Time kModerationT0 = domain::from_micros(1'773'550'380'123'457);  // 2026-03-15, odd microseconds

Time at(int seconds) { return kModerationT0 + std::chrono::seconds(seconds); }

NewComment by_token(std::string page, std::string text, CommentStatus status, std::string token,
                    std::optional<CommentId> parent = std::nullopt) {
    NewComment c;
    c.page = std::move(page);
    c.parent_id = parent;
    c.author.name = "Reader";
    c.author_token_hash = std::move(token);
    c.text = std::move(text);
    c.status = status;
    c.created_at = kModerationT0;
    return c;
}

NewComment by_user(std::string page, std::string text, CommentStatus status, domain::UserId user,
                   std::optional<CommentId> parent = std::nullopt) {
    NewComment c = by_token(std::move(page), std::move(text), status, "", parent);
    c.author.user_id = user;
    c.author.name = "Account holder";
    return c;
}

AuthorKey token_key(std::string token) {
    AuthorKey k;
    k.token_hash = std::move(token);
    return k;
}

AuthorKey user_key(domain::UserId id) {
    AuthorKey k;
    k.user_id = id;
    return k;
}

QueueQuery queue_query(Queue queue, int limit, SortOrder order = SortOrder::kNewest) {
    QueueQuery q;
    q.queue = queue;
    q.limit = limit;
    q.order = order;
    return q;
}

NewUser new_user(std::string email, std::string name, Role role = Role::kReader) {
    NewUser u;
    u.email = std::move(email);
    u.name = std::move(name);
    u.role = role;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    u.created_at = at(1);
    return u;
}

Ban ban(BanKind kind, std::string value, int created_s, std::optional<Time> expires = std::nullopt) {
    Ban b;
    b.kind = kind;
    b.value = std::move(value);
    b.reason = "abuse";
    b.created_by = "Mod Ünal";
    b.created_at = at(created_s);
    b.expires_at = expires;
    return b;
}

AuditEntry audit(std::string action, std::string target, int at_s, std::string before = "{}",
                 std::string after = "{}") {
    AuditEntry e;
    e.at = at(at_s);
    e.actor_user_id = 7;
    e.actor = "Mod";
    e.action = std::move(action);
    e.target = std::move(target);
    e.before = std::move(before);
    e.after = std::move(after);
    return e;
}

std::vector<CommentId> ids_of(const std::vector<Comment>& cs) {
    std::vector<CommentId> ids;
    for (const Comment& c : cs) ids.push_back(c.id);
    return ids;
}

std::vector<std::int64_t> ids_of(const std::vector<AuditEntry>& es) {
    std::vector<std::int64_t> ids;
    for (const AuditEntry& e : es) ids.push_back(e.id);
    return ids;
}

std::vector<std::int64_t> ids_of(const std::vector<Ban>& bs) {
    std::vector<std::int64_t> ids;
    for (const Ban& b : bs) ids.push_back(b.id);
    return ids;
}

std::vector<CommentId> reversed(std::vector<CommentId> v) { return {v.rbegin(), v.rend()}; }

template <class Factory>
class ModerationContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = factory_.open();
        ASSERT_NE(store_, nullptr);
    }

    Store& store() { return *store_; }

    Comment insert(const NewComment& c) {
        auto r = store().insert_comment(c);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : Comment{};
    }

    Comment get(CommentId id) {
        auto r = store().get_comment(id);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : Comment{};
    }

    User add_user(const NewUser& u) {
        auto r = store().insert_user(u);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : User{};
    }

    void report(CommentId id, std::string reporter) {
        auto r = store().add_report(id, "rude", reporter, "", at(100));
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    }

    std::int64_t count(std::string_view page) {
        auto n = store().count_approved(page);
        EXPECT_TRUE(n.has_value());
        return n ? *n : -1;
    }

    // Every comment of a queue under `q`, walking pages with the keyset cursor.
    std::vector<CommentId> walk(QueueQuery q) {
        std::vector<CommentId> all;
        for (int guard = 0; guard < 1000; ++guard) {
            auto r = store().list_queue(q);
            EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
            if (!r) return all;
            EXPECT_LE(r->comments.size(), static_cast<std::size_t>(q.limit));
            for (const Comment& c : r->comments) all.push_back(c.id);
            if (!r->has_more) return all;
            EXPECT_FALSE(r->comments.empty());
            q.after_id = r->comments.back().id;
        }
        ADD_FAILURE() << "paging did not end";
        return all;
    }

    std::vector<CommentId> queue(Queue which, int limit = 200, SortOrder order = SortOrder::kNewest) {
        return walk(queue_query(which, limit, order));
    }

    AuthorStats stats(const AuthorKey& key) {
        auto r = store().author_stats(key);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : AuthorStats{-1, -1, -1, -1, -1};
    }

    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(ModerationContract, testing::Engines);

// New comment fields.

TYPED_TEST(ModerationContract, NewCommentFieldsRoundTrip) {
    NewComment c = by_token("/p", "held", CommentStatus::kPending, "tok-a");
    c.ip_hash = "ip-hash-🙂";
    c.filter_reason = "contains a link";
    auto stored = this->store().insert_comment(c);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->ip_hash, "ip-hash-🙂");
    EXPECT_EQ(stored->filter_reason, "contains a link");
    EXPECT_FALSE(stored->featured);
    EXPECT_EQ(stored->open_reports, 0);

    const Comment got = this->get(stored->id);
    EXPECT_EQ(got.ip_hash, "ip-hash-🙂");
    EXPECT_EQ(got.filter_reason, "contains a link");
    EXPECT_FALSE(got.featured);
    EXPECT_EQ(got.open_reports, 0);

    ListQuery q;
    q.filter = StatusFilter::kAll;
    auto listed = this->store().list_comments("/p", q);
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->comments.size(), 1u);
    EXPECT_EQ(listed->comments[0].ip_hash, "ip-hash-🙂");
    EXPECT_EQ(listed->comments[0].filter_reason, "contains a link");
}

TYPED_TEST(ModerationContract, SetFeaturedMarksAndUnmarks) {
    const Comment a = this->insert(by_token("/p", "a", CommentStatus::kApproved, "tok-a"));
    const Comment b = this->insert(by_token("/p", "b", CommentStatus::kApproved, "tok-a"));
    auto on = this->store().set_featured(a.id, true);
    ASSERT_TRUE(on.has_value());
    EXPECT_TRUE(on->featured);
    EXPECT_EQ(on->text, "a");
    EXPECT_TRUE(this->get(a.id).featured);
    EXPECT_FALSE(this->get(b.id).featured);

    auto off = this->store().set_featured(a.id, false);
    ASSERT_TRUE(off.has_value());
    EXPECT_FALSE(off->featured);
    EXPECT_FALSE(this->get(a.id).featured);
    EXPECT_EQ(this->count("/p"), 2);

    auto missing = this->store().set_featured(987654, true);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// Queues.

TYPED_TEST(ModerationContract, EachQueueHoldsOneStatusAcrossThreadsAndReplies) {
    std::vector<CommentId> pending, approved, rejected, spam, deleted;
    const Comment top_a = this->insert(by_token("/a", "top a", CommentStatus::kApproved, "tok-a"));
    approved.push_back(top_a.id);
    pending.push_back(this->insert(by_token("/a", "p1", CommentStatus::kPending, "tok-a")).id);
    pending.push_back(this->insert(by_token("/b", "p2", CommentStatus::kPending, "tok-b")).id);
    pending.push_back(this->insert(by_token("/a", "reply", CommentStatus::kPending, "tok-b", top_a.id)).id);
    approved.push_back(this->insert(by_token("/b", "ok", CommentStatus::kApproved, "tok-b")).id);
    const Comment r = this->insert(by_token("/b", "r", CommentStatus::kPending, "tok-b"));
    ASSERT_TRUE(this->store().set_status(r.id, CommentStatus::kRejected, std::nullopt).has_value());
    rejected.push_back(r.id);
    const Comment s = this->insert(by_token("/c", "s", CommentStatus::kSpam, "tok-c"));
    spam.push_back(s.id);
    const Comment d = this->insert(by_token("/c", "d", CommentStatus::kApproved, "tok-c"));
    ASSERT_TRUE(this->store().delete_comment(d.id).has_value());
    deleted.push_back(d.id);

    EXPECT_EQ(this->queue(Queue::kPending), reversed(pending));
    EXPECT_EQ(this->queue(Queue::kPending, 200, SortOrder::kOldest), pending);
    EXPECT_EQ(this->queue(Queue::kApproved), reversed(approved));
    EXPECT_EQ(this->queue(Queue::kRejected), rejected);
    EXPECT_EQ(this->queue(Queue::kSpam), spam);
    EXPECT_EQ(this->queue(Queue::kDeleted), deleted);
    EXPECT_TRUE(this->queue(Queue::kReported).empty());

    auto page = this->store().list_queue(queue_query(Queue::kPending, 10));
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(page->comments.size(), 3u);
    EXPECT_FALSE(page->has_more);
    EXPECT_EQ(page->comments[0].text, "reply");
    EXPECT_EQ(page->comments[0].parent_id, std::optional<CommentId>(top_a.id));
    EXPECT_EQ(page->comments[2].page, "/a");
}

TYPED_TEST(ModerationContract, QueuePagesByKeysetBothWaysWithoutGapsOrDuplicates) {
    std::vector<CommentId> pending;
    for (int i = 0; i < 23; ++i) {
        const std::string page = i % 3 == 0 ? "/x" : "/y";
        pending.push_back(this->insert(by_token(page, numbered("c", i), CommentStatus::kPending, "tok")).id);
        if (i % 4 == 0) this->insert(by_token(page, "noise", CommentStatus::kApproved, "tok"));
    }
    EXPECT_EQ(this->queue(Queue::kPending, 5, SortOrder::kOldest), pending);
    EXPECT_EQ(this->queue(Queue::kPending, 1, SortOrder::kOldest), pending);
    EXPECT_EQ(this->queue(Queue::kPending, 23, SortOrder::kOldest), pending);
    EXPECT_EQ(this->queue(Queue::kPending, 5), reversed(pending));
    EXPECT_EQ(this->queue(Queue::kPending, 7), reversed(pending));

    // A page that ends exactly at the last comment says there is nothing more.
    auto full = this->store().list_queue(queue_query(Queue::kPending, 23));
    ASSERT_TRUE(full.has_value());
    EXPECT_EQ(full->comments.size(), 23u);
    EXPECT_FALSE(full->has_more);
    auto first = this->store().list_queue(queue_query(Queue::kPending, 22));
    ASSERT_TRUE(first.has_value());
    EXPECT_TRUE(first->has_more);

    // The cursor is exclusive, in the order asked for.
    QueueQuery q = queue_query(Queue::kPending, 3);
    q.after_id = pending[10];
    auto newer = this->store().list_queue(q);
    ASSERT_TRUE(newer.has_value());
    EXPECT_EQ(ids_of(newer->comments), (std::vector<CommentId>{pending[9], pending[8], pending[7]}));
    EXPECT_TRUE(newer->has_more);
    q.order = SortOrder::kOldest;
    auto older = this->store().list_queue(q);
    ASSERT_TRUE(older.has_value());
    EXPECT_EQ(ids_of(older->comments), (std::vector<CommentId>{pending[11], pending[12], pending[13]}));
}

TYPED_TEST(ModerationContract, QueueFiltersByTextAuthorAndPage) {
    auto add = [&](std::string page, std::string text, std::string author) {
        NewComment c = by_token(std::move(page), std::move(text), CommentStatus::kPending, "tok");
        c.author.name = std::move(author);
        return this->insert(c).id;
    };
    const CommentId hello = add("/a", "Say HELLO there", "Alice Smith");
    const CommentId percent = add("/a", "a 100% sure thing", "Bob");
    const CommentId underscore = add("/b", "snake_case rules", "bobby_tables");
    const CommentId plain = add("/b", "snakeXcase and 1000 sure", "Carol");
    const CommentId other_page = add("/c", "hello again", "ALICE");

    auto filtered = [&](std::string text, std::string author, std::string page,
                        SortOrder order = SortOrder::kOldest) {
        QueueQuery q = queue_query(Queue::kPending, 2, order);
        q.text_contains = std::move(text);
        q.author_contains = std::move(author);
        q.page = std::move(page);
        return this->walk(q);
    };
    using Ids = std::vector<CommentId>;
    EXPECT_EQ(filtered("hello", "", ""), (Ids{hello, other_page}));
    EXPECT_EQ(filtered("hello", "", "", SortOrder::kNewest), (Ids{other_page, hello}));
    EXPECT_EQ(filtered("hElLo", "", "/a"), (Ids{hello}));
    EXPECT_EQ(filtered("100%", "", ""), (Ids{percent}));
    EXPECT_EQ(filtered("%", "", ""), (Ids{percent}));
    EXPECT_EQ(filtered("snake_case", "", ""), (Ids{underscore}));
    EXPECT_EQ(filtered("_", "", ""), (Ids{underscore}));
    EXPECT_EQ(filtered("", "alice", ""), (Ids{hello, other_page}));
    EXPECT_EQ(filtered("", "BOB", ""), (Ids{percent, underscore}));
    EXPECT_EQ(filtered("", "y_t", ""), (Ids{underscore}));
    EXPECT_EQ(filtered("", "", "/b"), (Ids{underscore, plain}));
    EXPECT_EQ(filtered("", "", "/"), Ids{});  // the page matches exactly, not as a prefix
    EXPECT_EQ(filtered("sure", "bob", "/a"), (Ids{percent}));
    EXPECT_EQ(filtered("nowhere", "", ""), Ids{});
    EXPECT_EQ(filtered("", "", ""), (Ids{hello, percent, underscore, plain, other_page}));
}

TYPED_TEST(ModerationContract, ReportedQueueCountsOpenReportsWhateverTheStatus) {
    const Comment once = this->insert(by_token("/p", "once", CommentStatus::kApproved, "tok-a"));
    const Comment twice = this->insert(by_token("/q", "twice", CommentStatus::kPending, "tok-a"));
    const Comment never = this->insert(by_token("/p", "never", CommentStatus::kApproved, "tok-a"));
    this->report(once.id, "t:r1");
    this->report(twice.id, "t:r1");
    this->report(twice.id, "u:9");

    EXPECT_EQ(this->queue(Queue::kReported), (std::vector<CommentId>{twice.id, once.id}));
    QueueQuery q = queue_query(Queue::kReported, 10);
    q.min_reports = 2;
    EXPECT_EQ(this->walk(q), (std::vector<CommentId>{twice.id}));
    q.min_reports = 3;
    EXPECT_TRUE(this->walk(q).empty());
    q.min_reports = 1;
    q.page = "/p";
    EXPECT_EQ(this->walk(q), (std::vector<CommentId>{once.id}));

    auto listed = this->store().list_queue(queue_query(Queue::kReported, 10));
    ASSERT_TRUE(listed.has_value());
    ASSERT_EQ(listed->comments.size(), 2u);
    EXPECT_EQ(listed->comments[0].open_reports, 2);
    EXPECT_EQ(listed->comments[1].open_reports, 1);

    ASSERT_TRUE(this->store().resolve_reports(twice.id).has_value());
    EXPECT_EQ(this->queue(Queue::kReported), (std::vector<CommentId>{once.id}));
    EXPECT_EQ(this->get(never.id).open_reports, 0);
}

TYPED_TEST(ModerationContract, CountQueuesInTheOrderGiven) {
    for (int i = 0; i < 3; ++i) this->insert(by_token("/p", "p", CommentStatus::kPending, "tok"));
    const Comment a = this->insert(by_token("/p", "a", CommentStatus::kApproved, "tok"));
    const Comment b = this->insert(by_token("/q", "b", CommentStatus::kApproved, "tok"));
    this->insert(by_token("/q", "s", CommentStatus::kSpam, "tok"));
    const Comment r = this->insert(by_token("/q", "r", CommentStatus::kRejected, "tok"));
    ASSERT_TRUE(this->store().delete_comment(b.id).has_value());
    this->report(a.id, "t:1");
    this->report(a.id, "t:2");
    this->report(r.id, "t:1");

    const std::vector<Queue> all{Queue::kPending,  Queue::kReported, Queue::kApproved,
                                 Queue::kRejected, Queue::kSpam,     Queue::kDeleted};
    auto counts = this->store().count_queues(all, 1);
    ASSERT_TRUE(counts.has_value());
    EXPECT_EQ(*counts, (std::vector<std::int64_t>{3, 2, 1, 1, 1, 1}));

    auto two = this->store().count_queues({Queue::kReported, Queue::kPending, Queue::kReported}, 2);
    ASSERT_TRUE(two.has_value());
    EXPECT_EQ(*two, (std::vector<std::int64_t>{1, 3, 1}));

    auto none = this->store().count_queues({}, 1);
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
}

// Commenters.

TYPED_TEST(ModerationContract, AuthorStatsCountByTokenAndByUser) {
    this->insert(by_token("/a", "1", CommentStatus::kApproved, "tok-a"));
    this->insert(by_token("/b", "2", CommentStatus::kApproved, "tok-a"));
    this->insert(by_token("/b", "3", CommentStatus::kPending, "tok-a"));
    this->insert(by_token("/c", "4", CommentStatus::kSpam, "tok-a"));
    this->insert(by_token("/c", "5", CommentStatus::kRejected, "tok-a"));
    const Comment d = this->insert(by_token("/c", "6", CommentStatus::kApproved, "tok-a"));
    ASSERT_TRUE(this->store().delete_comment(d.id).has_value());
    this->insert(by_token("/a", "other", CommentStatus::kApproved, "tok-b"));
    this->insert(by_user("/a", "u1", CommentStatus::kApproved, 5));
    this->insert(by_user("/a", "u2", CommentStatus::kPending, 5));
    this->insert(by_user("/a", "u3", CommentStatus::kApproved, 6));

    EXPECT_EQ(this->stats(token_key("tok-a")), (AuthorStats{2, 1, 1, 1, 1}));
    EXPECT_EQ(this->stats(token_key("tok-b")), (AuthorStats{1, 0, 0, 0, 0}));
    EXPECT_EQ(this->stats(token_key("tok-none")), AuthorStats{});
    EXPECT_EQ(this->stats(user_key(5)), (AuthorStats{1, 1, 0, 0, 0}));
    EXPECT_EQ(this->stats(user_key(6)), (AuthorStats{1, 0, 0, 0, 0}));
    EXPECT_EQ(this->stats(user_key(99)), AuthorStats{});
}

TYPED_TEST(ModerationContract, RecentTextsAreTheAuthorsNewestSince) {
    auto add = [&](NewComment c, int created_s) {
        c.created_at = at(created_s);
        return this->insert(c);
    };
    add(by_token("/a", "too old", CommentStatus::kApproved, "tok-a"), 5);
    add(by_token("/a", "at since", CommentStatus::kApproved, "tok-a"), 10);
    add(by_token("/b", "later", CommentStatus::kPending, "tok-a"), 30);
    add(by_token("/b", "middle", CommentStatus::kSpam, "tok-a"), 20);
    const Comment gone = add(by_token("/b", "erased words", CommentStatus::kApproved, "tok-a"), 40);
    ASSERT_TRUE(this->store().delete_comment(gone.id).has_value());
    add(by_token("/a", "someone else", CommentStatus::kApproved, "tok-b"), 25);
    add(by_user("/a", "user text", CommentStatus::kApproved, 5), 25);
    add(by_user("/a", "user older", CommentStatus::kApproved, 5), 15);

    using Texts = std::vector<std::string>;
    auto texts = [&](const AuthorKey& key, int since_s, int limit) {
        auto r = this->store().recent_texts(key, at(since_s), limit);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : Texts{"<error>"};
    };
    // Deleted comments have no text left to compare.
    EXPECT_EQ(texts(token_key("tok-a"), 10, 10), (Texts{"later", "middle", "at since"}));
    EXPECT_EQ(texts(token_key("tok-a"), 10, 2), (Texts{"later", "middle"}));
    EXPECT_EQ(texts(token_key("tok-a"), 31, 10), Texts{});
    EXPECT_EQ(texts(user_key(5), 0, 10), (Texts{"user text", "user older"}));
    EXPECT_EQ(texts(token_key("tok-none"), 0, 10), Texts{});
}

// Reports.

TYPED_TEST(ModerationContract, OneNetworkFilesOneOpenReportWhateverItsTokens) {
    const Comment c = this->insert(by_token("/p", "rude", CommentStatus::kApproved, "tok-a"));
    ASSERT_TRUE(this->store().add_report(c.id, "one", "t:first", "net-1", at(10)).has_value());
    auto same = this->store().add_report(c.id, "two", "t:second", "net-1", at(11));
    ASSERT_FALSE(same.has_value());
    EXPECT_EQ(same.error().code, ErrorCode::kConflict);
    ASSERT_TRUE(this->store().add_report(c.id, "three", "t:third", "net-2", at(12)).has_value());
    ASSERT_TRUE(this->store().add_report(c.id, "account", "u:7", "", at(13)).has_value());
    ASSERT_TRUE(this->store().add_report(c.id, "account", "u:8", "", at(14)).has_value());  // no network: not counted so
    EXPECT_EQ(this->get(c.id).open_reports, 4);
    ASSERT_TRUE(this->store().resolve_reports(c.id).has_value());
    EXPECT_TRUE(this->store().add_report(c.id, "again after review", "t:second", "net-1", at(20)).has_value());
}

TYPED_TEST(ModerationContract, AddReportCountsAndRefusesASecondOpenOneFromTheSameReporter) {
    const Comment c = this->insert(by_token("/p", "rude", CommentStatus::kApproved, "tok-a"));
    const Comment other = this->insert(by_token("/p", "fine", CommentStatus::kApproved, "tok-a"));

    auto first = this->store().add_report(c.id, "insults", "t:reader-1", "", at(10));
    ASSERT_TRUE(first.has_value()) << first.error().message;
    EXPECT_GT(first->report.id, 0);
    EXPECT_EQ(first->report.comment_id, c.id);
    EXPECT_EQ(first->report.reason, "insults");
    EXPECT_EQ(first->report.reporter, "t:reader-1");
    EXPECT_EQ(first->report.created_at, at(10));
    EXPECT_FALSE(first->report.resolved);
    EXPECT_EQ(first->comment.id, c.id);
    EXPECT_EQ(first->comment.open_reports, 1);
    EXPECT_EQ(first->comment.text, "rude");

    auto second = this->store().add_report(c.id, "spam 🙄", "u:3", "", at(11));
    ASSERT_TRUE(second.has_value());
    EXPECT_GT(second->report.id, first->report.id);
    EXPECT_EQ(second->comment.open_reports, 2);

    auto again = this->store().add_report(c.id, "still rude", "t:reader-1", "", at(12));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->get(c.id).open_reports, 2);

    // The same reporter may report another comment.
    auto elsewhere = this->store().add_report(other.id, "meh", "t:reader-1", "", at(13));
    ASSERT_TRUE(elsewhere.has_value());
    EXPECT_EQ(elsewhere->comment.open_reports, 1);

    auto missing = this->store().add_report(987654, "x", "t:reader-1", "", at(14));
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

    auto reports = this->store().reports_for(c.id);
    ASSERT_TRUE(reports.has_value());
    ASSERT_EQ(reports->size(), 2u);
    EXPECT_EQ((*reports)[0].id, first->report.id);
    EXPECT_EQ((*reports)[0].reason, "insults");
    EXPECT_EQ((*reports)[1].reason, "spam 🙄");
    EXPECT_EQ((*reports)[1].reporter, "u:3");
    EXPECT_EQ((*reports)[1].created_at, at(11));

    auto none = this->store().reports_for(987654);
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
}

TYPED_TEST(ModerationContract, ResolveReportsClearsTheOpenCountAndAllowsNewReports) {
    const Comment c = this->insert(by_token("/p", "rude", CommentStatus::kApproved, "tok-a"));
    const Comment other = this->insert(by_token("/p", "also", CommentStatus::kApproved, "tok-a"));
    this->report(c.id, "t:1");
    this->report(c.id, "t:2");
    this->report(other.id, "t:1");

    auto resolved = this->store().resolve_reports(c.id);
    ASSERT_TRUE(resolved.has_value());
    EXPECT_EQ(resolved->id, c.id);
    EXPECT_EQ(resolved->open_reports, 0);
    EXPECT_EQ(resolved->status, CommentStatus::kApproved);
    EXPECT_EQ(this->get(c.id).open_reports, 0);
    EXPECT_EQ(this->get(other.id).open_reports, 1);

    auto reports = this->store().reports_for(c.id);
    ASSERT_TRUE(reports.has_value());
    ASSERT_EQ(reports->size(), 2u);
    EXPECT_TRUE((*reports)[0].resolved);
    EXPECT_TRUE((*reports)[1].resolved);
    auto others = this->store().reports_for(other.id);
    ASSERT_TRUE(others.has_value());
    ASSERT_EQ(others->size(), 1u);
    EXPECT_FALSE((*others)[0].resolved);

    // Only an open report blocks a second one.
    auto again = this->store().add_report(c.id, "worse now", "t:1", "", at(200));
    ASSERT_TRUE(again.has_value()) << again.error().message;
    EXPECT_EQ(again->comment.open_reports, 1);
    auto after = this->store().reports_for(c.id);
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(after->size(), 3u);

    auto missing = this->store().resolve_reports(987654);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

// Bans.

TYPED_TEST(ModerationContract, BansAreFoundWhileActiveAndMatching) {
    auto forever = this->store().insert_ban(ban(BanKind::kToken, "tok-bad", 1));
    ASSERT_TRUE(forever.has_value()) << forever.error().message;
    EXPECT_GT(forever->id, 0);
    EXPECT_EQ(forever->kind, BanKind::kToken);
    EXPECT_EQ(forever->value, "tok-bad");
    EXPECT_EQ(forever->reason, "abuse");
    EXPECT_EQ(forever->created_by, "Mod Ünal");
    EXPECT_EQ(forever->created_at, at(1));
    EXPECT_EQ(forever->expires_at, std::nullopt);
    EXPECT_FALSE(forever->lifted);
    auto timed = this->store().insert_ban(ban(BanKind::kIp, "ip-1", 2, at(100)));
    ASSERT_TRUE(timed.has_value());
    EXPECT_GT(timed->id, forever->id);
    EXPECT_EQ(timed->expires_at, std::optional<Time>(at(100)));
    auto user = this->store().insert_ban(ban(BanKind::kUser, "42", 3));
    ASSERT_TRUE(user.has_value());

    using Keys = std::vector<std::pair<BanKind, std::string>>;
    auto find = [&](const Keys& keys, int now_s) -> std::optional<std::int64_t> {
        auto r = this->store().find_active_ban(keys, at(now_s));
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        if (!r || !*r) return std::nullopt;
        return (*r)->id;
    };
    EXPECT_EQ(find({{BanKind::kToken, "tok-bad"}}, 50), forever->id);
    EXPECT_EQ(find({{BanKind::kUser, "7"}, {BanKind::kToken, "tok-ok"}, {BanKind::kIp, "ip-1"}}, 50),
              timed->id);
    EXPECT_EQ(find({{BanKind::kIp, "ip-1"}}, 99), timed->id);
    EXPECT_EQ(find({{BanKind::kIp, "ip-1"}}, 100), std::nullopt);  // expired at expires_at
    EXPECT_EQ(find({{BanKind::kIp, "ip-1"}}, 500), std::nullopt);
    EXPECT_EQ(find({{BanKind::kUser, "tok-bad"}}, 50), std::nullopt);  // same value, other kind
    EXPECT_EQ(find({{BanKind::kToken, "tok-ok"}}, 50), std::nullopt);
    EXPECT_EQ(find({{BanKind::kUser, "42"}}, 50), user->id);
    EXPECT_EQ(find({}, 50), std::nullopt);

    auto found = this->store().find_active_ban({{BanKind::kToken, "tok-bad"}}, at(50));
    ASSERT_TRUE(found.has_value() && found->has_value());
    EXPECT_EQ((*found)->reason, "abuse");
    EXPECT_EQ((*found)->created_at, at(1));

    auto lifted = this->store().lift_ban(forever->id);
    ASSERT_TRUE(lifted.has_value());
    EXPECT_TRUE(lifted->lifted);
    EXPECT_EQ(lifted->id, forever->id);
    EXPECT_EQ(lifted->value, "tok-bad");
    EXPECT_EQ(find({{BanKind::kToken, "tok-bad"}}, 50), std::nullopt);
    EXPECT_EQ(find({{BanKind::kUser, "42"}}, 50), user->id);

    auto missing = this->store().lift_ban(987654);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TYPED_TEST(ModerationContract, ListActiveBansNewestFirst) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        auto b = this->store().insert_ban(ban(BanKind::kToken, numbered("tok-", i), 10 + i));
        ASSERT_TRUE(b.has_value());
        ids.push_back(b->id);
    }
    auto expired = this->store().insert_ban(ban(BanKind::kIp, "ip-old", 20, at(30)));
    ASSERT_TRUE(expired.has_value());
    auto later = this->store().insert_ban(ban(BanKind::kIp, "ip-new", 21, at(1000)));
    ASSERT_TRUE(later.has_value());
    ASSERT_TRUE(this->store().lift_ban(ids[2]).has_value());

    auto all = this->store().list_active_bans(at(50), 100);
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(ids_of(*all), (std::vector<std::int64_t>{later->id, ids[4], ids[3], ids[1], ids[0]}));
    auto before_expiry = this->store().list_active_bans(at(25), 100);
    ASSERT_TRUE(before_expiry.has_value());
    EXPECT_EQ(ids_of(*before_expiry),
              (std::vector<std::int64_t>{later->id, expired->id, ids[4], ids[3], ids[1], ids[0]}));
    auto two = this->store().list_active_bans(at(50), 2);
    ASSERT_TRUE(two.has_value());
    EXPECT_EQ(ids_of(*two), (std::vector<std::int64_t>{later->id, ids[4]}));
}

// Accounts and sessions.

TYPED_TEST(ModerationContract, UsersInsertGetFindUpdateAndList) {
    auto ann = this->store().insert_user(new_user("ann@example.org", "Ann Ünal", Role::kAdmin));
    ASSERT_TRUE(ann.has_value()) << ann.error().message;
    EXPECT_GT(ann->id, 0);
    EXPECT_EQ(ann->email, "ann@example.org");
    EXPECT_EQ(ann->name, "Ann Ünal");
    EXPECT_EQ(ann->role, Role::kAdmin);
    EXPECT_EQ(ann->created_at, at(1));
    EXPECT_FALSE(ann->disabled);
    const User bob = this->add_user(new_user("bob@example.org", "Bob", Role::kModerator));
    EXPECT_GT(bob.id, ann->id);

    auto taken = this->store().insert_user(new_user("ann@example.org", "Another Ann"));
    ASSERT_FALSE(taken.has_value());
    EXPECT_EQ(taken.error().code, ErrorCode::kConflict);

    auto got = this->store().get_user(ann->id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->email, "ann@example.org");
    EXPECT_EQ(got->name, "Ann Ünal");
    EXPECT_EQ(got->role, Role::kAdmin);
    EXPECT_EQ(got->password_hash, new_user("", "").password_hash);
    EXPECT_EQ(got->created_at, at(1));
    EXPECT_FALSE(got->disabled);

    auto found = this->store().find_user_by_email("bob@example.org");
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->id, bob.id);
    EXPECT_EQ(found->role, Role::kModerator);
    EXPECT_EQ(this->store().find_user_by_email("nobody@example.org").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().get_user(987654).error().code, ErrorCode::kNotFound);

    User changed = bob;
    changed.name = "Robert";
    changed.role = Role::kReader;
    changed.password_hash = "$argon2id$new";
    changed.disabled = true;
    changed.email = "ignored@example.org";  // the email is not one of the saved fields
    auto updated = this->store().update_user(changed);
    ASSERT_TRUE(updated.has_value()) << updated.error().message;
    EXPECT_EQ(updated->name, "Robert");
    auto reread = this->store().get_user(bob.id);
    ASSERT_TRUE(reread.has_value());
    EXPECT_EQ(reread->name, "Robert");
    EXPECT_EQ(reread->role, Role::kReader);
    EXPECT_EQ(reread->password_hash, "$argon2id$new");
    EXPECT_TRUE(reread->disabled);
    EXPECT_EQ(reread->email, "bob@example.org");
    EXPECT_EQ(reread->created_at, at(1));

    User ghost = bob;
    ghost.id = 987654;
    EXPECT_EQ(this->store().update_user(ghost).error().code, ErrorCode::kNotFound);

    auto all = this->store().list_users();
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].id, ann->id);
    EXPECT_EQ((*all)[1].id, bob.id);
    EXPECT_EQ((*all)[1].name, "Robert");
}

TYPED_TEST(ModerationContract, SessionsLiveUntilTheyExpireOrEnd) {
    const User ann = this->add_user(new_user("ann@example.org", "Ann"));
    const User bob = this->add_user(new_user("bob@example.org", "Bob"));
    auto session = [](std::string hash, domain::UserId user, int expires_s) {
        Session s;
        s.token_hash = std::move(hash);
        s.user_id = user;
        s.csrf_token = "csrf-" + s.token_hash;
        s.created_at = at(0);
        s.expires_at = at(expires_s);
        return s;
    };
    ASSERT_TRUE(this->store().insert_session(session("s-ann-1", ann.id, 100)).has_value());
    ASSERT_TRUE(this->store().insert_session(session("s-ann-2", ann.id, 100)).has_value());
    ASSERT_TRUE(this->store().insert_session(session("s-bob", bob.id, 100)).has_value());

    auto got = this->store().get_session("s-ann-1", at(50));
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_EQ(got->token_hash, "s-ann-1");
    EXPECT_EQ(got->user_id, ann.id);
    EXPECT_EQ(got->csrf_token, "csrf-s-ann-1");
    EXPECT_EQ(got->created_at, at(0));
    EXPECT_EQ(got->expires_at, at(100));

    EXPECT_TRUE(this->store().get_session("s-ann-1", at(99)).has_value());
    EXPECT_EQ(this->store().get_session("s-ann-1", at(100)).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().get_session("s-ann-1", at(101)).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().get_session("s-none", at(50)).error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(this->store().delete_session("s-ann-1").has_value());
    EXPECT_EQ(this->store().get_session("s-ann-1", at(50)).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(this->store().get_session("s-ann-2", at(50)).has_value());
    EXPECT_TRUE(this->store().delete_session("s-ann-1").has_value());  // already gone: fine

    // A staff session's end moves with its use, both ways; a gone session is no error.
    ASSERT_TRUE(this->store().extend_session("s-ann-2", at(200)).has_value());
    EXPECT_TRUE(this->store().get_session("s-ann-2", at(150)).has_value());
    ASSERT_TRUE(this->store().extend_session("s-ann-2", at(40)).has_value());
    EXPECT_EQ(this->store().get_session("s-ann-2", at(50)).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(this->store().extend_session("s-ann-2", at(100)).has_value());
    EXPECT_TRUE(this->store().extend_session("s-none", at(100)).has_value());
    EXPECT_EQ(this->store().get_session("s-bob", at(100)).error().code, ErrorCode::kNotFound) << "others unchanged";

    ASSERT_TRUE(this->store().insert_session(session("s-ann-3", ann.id, 100)).has_value());
    ASSERT_TRUE(this->store().delete_user_sessions(ann.id).has_value());
    EXPECT_EQ(this->store().get_session("s-ann-2", at(50)).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().get_session("s-ann-3", at(50)).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(this->store().get_session("s-bob", at(50)).has_value());
    EXPECT_TRUE(this->store().delete_user_sessions(ann.id).has_value());
}

// Audit log.

TYPED_TEST(ModerationContract, AuditLogListsNewestFirstByPageAndTarget) {
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 7; ++i) {
        const std::string target = i % 2 == 0 ? "comment:1" : "user:3";
        auto e = this->store().append_audit(audit(numbered("action.", i), target, i));
        ASSERT_TRUE(e.has_value()) << e.error().message;
        if (!ids.empty()) {
            EXPECT_GT(e->id, ids.back());
        }
        ids.push_back(e->id);
    }
    AuditEntry cli = audit("user.create", "user:9", 8, "{}", R"({"name":"Zoë","role":"admin"})");
    cli.actor_user_id = std::nullopt;
    cli.actor = "cli";
    auto stored = this->store().append_audit(cli);
    ASSERT_TRUE(stored.has_value());
    ids.push_back(stored->id);

    auto all = this->store().list_audit(std::nullopt, 100, "");
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(ids_of(*all), (std::vector<std::int64_t>(ids.rbegin(), ids.rend())));
    ASSERT_FALSE(all->empty());
    const AuditEntry& newest = all->front();
    EXPECT_EQ(newest.at, at(8));
    EXPECT_EQ(newest.actor_user_id, std::nullopt);
    EXPECT_EQ(newest.actor, "cli");
    EXPECT_EQ(newest.action, "user.create");
    EXPECT_EQ(newest.target, "user:9");
    EXPECT_EQ(newest.before, "{}");
    EXPECT_EQ(newest.after, R"({"name":"Zoë","role":"admin"})");
    EXPECT_EQ(all->back().actor_user_id, std::optional<domain::UserId>(7));
    EXPECT_EQ(all->back().action, "action.0");

    auto page = this->store().list_audit(std::nullopt, 3, "");
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(ids_of(*page), (std::vector<std::int64_t>{ids[7], ids[6], ids[5]}));
    auto next = this->store().list_audit(ids[5], 3, "");
    ASSERT_TRUE(next.has_value());
    EXPECT_EQ(ids_of(*next), (std::vector<std::int64_t>{ids[4], ids[3], ids[2]}));

    auto comment = this->store().list_audit(std::nullopt, 100, "comment:1");
    ASSERT_TRUE(comment.has_value());
    EXPECT_EQ(ids_of(*comment), (std::vector<std::int64_t>{ids[6], ids[4], ids[2], ids[0]}));
    auto comment_before = this->store().list_audit(ids[4], 1, "comment:1");
    ASSERT_TRUE(comment_before.has_value());
    EXPECT_EQ(ids_of(*comment_before), (std::vector<std::int64_t>{ids[2]}));
    auto prefix = this->store().list_audit(std::nullopt, 100, "comment:");
    ASSERT_TRUE(prefix.has_value());
    EXPECT_TRUE(prefix->empty());
}

// Policies and settings.

TYPED_TEST(ModerationContract, ThreadPolicyIsStoredAndReplaced) {
    auto none = this->store().get_thread_policy("/p");
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, std::nullopt);

    ThreadPolicy p;
    p.page = "/p";
    p.moderation = ModerationMode::kPreModerateLinks;
    p.closed = true;
    p.auto_close_days = 14;
    ASSERT_TRUE(this->store().put_thread_policy(p).has_value());
    auto got = this->store().get_thread_policy("/p");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, std::optional<ThreadPolicy>(p));

    ThreadPolicy replaced;
    replaced.page = "/p";
    replaced.moderation = ModerationMode::kPostModerate;
    ASSERT_TRUE(this->store().put_thread_policy(replaced).has_value());
    got = this->store().get_thread_policy("/p");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, std::optional<ThreadPolicy>(replaced));

    ThreadPolicy other;
    other.page = "/q";
    other.auto_close_days = 0;
    ASSERT_TRUE(this->store().put_thread_policy(other).has_value());
    auto q = this->store().get_thread_policy("/q");
    ASSERT_TRUE(q.has_value());
    EXPECT_EQ(*q, std::optional<ThreadPolicy>(other));
    got = this->store().get_thread_policy("/p");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, std::optional<ThreadPolicy>(replaced));
}

TYPED_TEST(ModerationContract, FirstCommentAtIsTheEarliestPostInTheThread) {
    auto none = this->store().first_comment_at("/p");
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, std::nullopt);

    NewComment later = by_token("/p", "later", CommentStatus::kApproved, "tok");
    later.created_at = at(50);
    const Comment first = this->insert(later);
    NewComment earlier = by_token("/p", "earlier", CommentStatus::kPending, "tok");
    earlier.created_at = at(10) + std::chrono::microseconds(3);
    this->insert(earlier);
    NewComment reply = by_token("/p", "reply", CommentStatus::kApproved, "tok", first.id);
    reply.created_at = at(60);
    this->insert(reply);
    NewComment elsewhere = by_token("/q", "q", CommentStatus::kApproved, "tok");
    elsewhere.created_at = at(1);
    this->insert(elsewhere);

    auto p = this->store().first_comment_at("/p");
    ASSERT_TRUE(p.has_value());
    EXPECT_EQ(*p, std::optional<Time>(at(10) + std::chrono::microseconds(3)));
    auto q = this->store().first_comment_at("/q");
    ASSERT_TRUE(q.has_value());
    EXPECT_EQ(*q, std::optional<Time>(at(1)));
}

TYPED_TEST(ModerationContract, SettingsAreStoredAndOverwritten) {
    auto none = this->store().get_setting("moderation");
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(*none, std::nullopt);

    ASSERT_TRUE(this->store().put_setting("moderation", "pre-links").has_value());
    ASSERT_TRUE(this->store().put_setting("word_filter", "spam\nscam ü").has_value());
    auto got = this->store().get_setting("moderation");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, std::optional<std::string>("pre-links"));

    ASSERT_TRUE(this->store().put_setting("moderation", "post").has_value());
    got = this->store().get_setting("moderation");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, std::optional<std::string>("post"));
    auto words = this->store().get_setting("word_filter");
    ASSERT_TRUE(words.has_value());
    EXPECT_EQ(*words, std::optional<std::string>("spam\nscam ü"));

    ASSERT_TRUE(this->store().put_setting("empty", "").has_value());
    auto empty = this->store().get_setting("empty");
    ASSERT_TRUE(empty.has_value());
    EXPECT_EQ(*empty, std::optional<std::string>(""));
}

// Privacy.

TYPED_TEST(ModerationContract, AuthorDataGathersAnAccountsEverything) {
    const User ann = this->add_user(new_user("ann@example.org", "Ann"));
    const User bob = this->add_user(new_user("bob@example.org", "Bob"));
    const Comment first = this->insert(by_user("/a", "first", CommentStatus::kApproved, ann.id));
    const Comment others = this->insert(by_user("/a", "bob's", CommentStatus::kApproved, bob.id));
    const Comment second = this->insert(by_user("/b", "second", CommentStatus::kPending, ann.id));
    const Comment reply = this->insert(by_user("/a", "reply", CommentStatus::kApproved, ann.id, others.id));
    ASSERT_TRUE(this->store().edit_comment(first.id, "first, edited", at(5), "author", std::nullopt).has_value());
    ASSERT_TRUE(this->store().edit_comment(first.id, "first, again", at(6), "author", std::nullopt).has_value());
    this->report(others.id, "u:" + std::to_string(ann.id));
    this->report(first.id, "u:" + std::to_string(bob.id));
    auto user_ban = this->store().insert_ban(ban(BanKind::kUser, std::to_string(ann.id), 1));
    ASSERT_TRUE(user_ban.has_value());
    ASSERT_TRUE(this->store().insert_ban(ban(BanKind::kUser, std::to_string(bob.id), 2)).has_value());
    ASSERT_TRUE(this->store().insert_ban(ban(BanKind::kIp, "ip-ann", 3)).has_value());

    auto data = this->store().author_data(user_key(ann.id), "u:" + std::to_string(ann.id));
    ASSERT_TRUE(data.has_value()) << data.error().message;
    ASSERT_TRUE(data->user.has_value());
    EXPECT_EQ(data->user->id, ann.id);
    EXPECT_EQ(data->user->email, "ann@example.org");
    ASSERT_EQ(data->comments.size(), 3u);
    EXPECT_EQ(data->comments[0].comment.id, first.id);
    EXPECT_EQ(data->comments[0].comment.text, "first, again");
    ASSERT_EQ(data->comments[0].edits.size(), 2u);
    EXPECT_EQ(data->comments[0].edits[0].text, "first");
    EXPECT_EQ(data->comments[0].edits[0].replaced_at, at(5));
    EXPECT_EQ(data->comments[0].edits[1].text, "first, edited");
    EXPECT_EQ(data->comments[1].comment.id, second.id);
    EXPECT_TRUE(data->comments[1].edits.empty());
    EXPECT_EQ(data->comments[2].comment.id, reply.id);
    ASSERT_EQ(data->reports_filed.size(), 1u);
    EXPECT_EQ(data->reports_filed[0].comment_id, others.id);
    ASSERT_EQ(data->bans.size(), 1u);
    EXPECT_EQ(data->bans[0].id, user_ban->id);

    auto nobody = this->store().author_data(user_key(987654), "u:987654");
    ASSERT_TRUE(nobody.has_value());
    EXPECT_FALSE(nobody->user.has_value());
    EXPECT_TRUE(nobody->comments.empty());
    EXPECT_TRUE(nobody->reports_filed.empty());
    EXPECT_TRUE(nobody->bans.empty());
}

TYPED_TEST(ModerationContract, AuthorDataGathersAnAnonymousAuthorsEverything) {
    const Comment mine = this->insert(by_token("/a", "mine", CommentStatus::kApproved, "tok-a"));
    const Comment theirs = this->insert(by_token("/a", "theirs", CommentStatus::kApproved, "tok-b"));
    const Comment also = this->insert(by_token("/b", "also mine", CommentStatus::kSpam, "tok-a"));
    // Reports filed as `reporter` and under the key's own form ("t:<hash>") are both theirs.
    this->report(theirs.id, "t:tok-a");
    this->report(also.id, "ip:mine");
    this->report(mine.id, "ip:somewhere");
    this->report(also.id, "t:tok-b");
    auto token_ban = this->store().insert_ban(ban(BanKind::kToken, "tok-a", 1));
    ASSERT_TRUE(token_ban.has_value());
    ASSERT_TRUE(this->store().insert_ban(ban(BanKind::kToken, "tok-b", 2)).has_value());

    auto data = this->store().author_data(token_key("tok-a"), "ip:mine");
    ASSERT_TRUE(data.has_value()) << data.error().message;
    EXPECT_FALSE(data->user.has_value());
    ASSERT_EQ(data->comments.size(), 2u);
    EXPECT_EQ(data->comments[0].comment.id, mine.id);
    EXPECT_EQ(data->comments[1].comment.id, also.id);
    EXPECT_EQ(data->comments[1].comment.status, CommentStatus::kSpam);
    ASSERT_EQ(data->reports_filed.size(), 2u);
    std::vector<std::string> reporters{data->reports_filed[0].reporter, data->reports_filed[1].reporter};
    std::sort(reporters.begin(), reporters.end());
    EXPECT_EQ(reporters, (std::vector<std::string>{"ip:mine", "t:tok-a"}));
    ASSERT_EQ(data->bans.size(), 1u);
    EXPECT_EQ(data->bans[0].id, token_ban->id);
}

TYPED_TEST(ModerationContract, EraseAuthorLeavesTombstonesAndKeepsCountsRight) {
    // tok-e's comments: an approved top-level one with someone else's reply, an approved reply to
    // someone else, a pending one, and one it had deleted already.
    NewComment top = by_token("/a", "my words", CommentStatus::kApproved, "tok-e");
    top.ip_hash = "ip-e";
    top.filter_reason = "first-time";
    const Comment mine = this->insert(top);
    const Comment other_top = this->insert(by_token("/a", "other top", CommentStatus::kApproved, "tok-o"));
    const Comment other_reply =
        this->insert(by_token("/a", "answer to you", CommentStatus::kApproved, "tok-o", mine.id));
    const Comment my_reply =
        this->insert(by_token("/a", "my reply", CommentStatus::kApproved, "tok-e", other_top.id));
    const Comment pending = this->insert(by_token("/b", "held", CommentStatus::kPending, "tok-e"));
    const Comment gone = this->insert(by_token("/b", "deleted before", CommentStatus::kApproved, "tok-e"));
    ASSERT_TRUE(this->store().delete_comment(gone.id).has_value());
    ASSERT_TRUE(this->store().edit_comment(mine.id, "my words, edited", at(5), "author", std::nullopt).has_value());
    ASSERT_EQ(this->count("/a"), 4);
    ASSERT_EQ(this->count("/b"), 0);

    // tok-e reported someone; someone reported tok-e.
    this->report(other_top.id, "t:tok-e");
    this->report(other_top.id, "t:tok-x");
    this->report(mine.id, "t:tok-o");
    ASSERT_EQ(this->get(other_top.id).open_reports, 2);

    auto audited = [&](CommentId id, std::string before, std::string after) {
        auto e = this->store().append_audit(
            audit("comment.approve", numbered("comment:", id), 1, std::move(before), std::move(after)));
        EXPECT_TRUE(e.has_value());
        return e ? e->id : 0;
    };
    const std::int64_t mine_audit = audited(mine.id, R"({"text":"my words"})", R"({"status":"approved"})");
    const std::int64_t pending_audit = audited(pending.id, R"({"text":"held"})", "{}");
    const std::int64_t other_audit = audited(other_top.id, R"({"text":"other top"})", "{}");
    auto token_ban = this->store().insert_ban(ban(BanKind::kToken, "tok-e", 1));
    ASSERT_TRUE(token_ban.has_value());

    auto erased = this->store().erase_author(token_key("tok-e"), "t:tok-e");
    ASSERT_TRUE(erased.has_value()) << erased.error().message;
    EXPECT_EQ(erased->comments, 4);
    EXPECT_EQ(erased->reports, 1);
    EXPECT_EQ(erased->audit_entries, 2);
    EXPECT_FALSE(erased->user_removed);

    for (CommentId id : {mine.id, my_reply.id, pending.id, gone.id}) {
        const Comment c = this->get(id);
        EXPECT_EQ(c.status, CommentStatus::kDeleted) << id;
        EXPECT_EQ(c.text, "") << id;
        EXPECT_EQ(c.author.name, "") << id;
        EXPECT_EQ(c.author_token_hash, "") << id;
        EXPECT_EQ(c.ip_hash, "") << id;
        EXPECT_EQ(c.filter_reason, "") << id;
        EXPECT_TRUE(domain::author_key_of(c).empty()) << id;
        auto history = this->store().edit_history(id);
        ASSERT_TRUE(history.has_value());
        EXPECT_TRUE(history->empty()) << id;
    }

    // Counts: the two approved comments of tok-e on /a no longer count.
    EXPECT_EQ(this->count("/a"), 2);
    EXPECT_EQ(this->count("/b"), 0);
    EXPECT_EQ(this->get(other_top.id).reply_count, 0);
    EXPECT_EQ(this->get(mine.id).reply_count, 1);  // the other author's reply stays

    // The tombstone stays in the thread while it has an approved reply.
    auto listed = this->store().list_comments("/a", ListQuery{});
    ASSERT_TRUE(listed.has_value());
    std::vector<CommentId> ids = ids_of(listed->comments);
    EXPECT_EQ(ids, (std::vector<CommentId>{mine.id, other_top.id}));

    // Their report went, and with it its share of open_reports; reports on their comment stay.
    EXPECT_EQ(this->get(other_top.id).open_reports, 1);
    auto reports = this->store().reports_for(other_top.id);
    ASSERT_TRUE(reports.has_value());
    ASSERT_EQ(reports->size(), 1u);
    EXPECT_EQ((*reports)[0].reporter, "t:tok-x");
    auto on_mine = this->store().reports_for(mine.id);
    ASSERT_TRUE(on_mine.has_value());
    EXPECT_EQ(on_mine->size(), 1u);

    // Audit: their comments' states scrubbed, everything else as it was.
    auto log = this->store().list_audit(std::nullopt, 100, "");
    ASSERT_TRUE(log.has_value());
    ASSERT_EQ(log->size(), 3u);
    for (const AuditEntry& e : *log) {
        if (e.id == mine_audit || e.id == pending_audit) {
            EXPECT_EQ(e.before, R"({"erased":true})");
            EXPECT_EQ(e.after, R"({"erased":true})");
            EXPECT_EQ(e.action, "comment.approve");
        } else {
            EXPECT_EQ(e.id, other_audit);
            EXPECT_EQ(e.before, R"({"text":"other top"})");
        }
    }

    // Other authors untouched; bans stay.
    const Comment o = this->get(other_reply.id);
    EXPECT_EQ(o.text, "answer to you");
    EXPECT_EQ(o.author_token_hash, "tok-o");
    EXPECT_EQ(o.status, CommentStatus::kApproved);
    EXPECT_EQ(this->get(other_top.id).text, "other top");
    EXPECT_EQ(this->stats(token_key("tok-e")), AuthorStats{});
    EXPECT_EQ(this->stats(token_key("tok-o")), (AuthorStats{2, 0, 0, 0, 0}));
    auto still_banned = this->store().find_active_ban({{BanKind::kToken, "tok-e"}}, at(10));
    ASSERT_TRUE(still_banned.has_value());
    EXPECT_TRUE(still_banned->has_value());

    auto data = this->store().author_data(token_key("tok-e"), "t:tok-e");
    ASSERT_TRUE(data.has_value());
    EXPECT_TRUE(data->comments.empty());
    EXPECT_TRUE(data->reports_filed.empty());

    // Erasing again finds nothing left.
    auto again = this->store().erase_author(token_key("tok-e"), "t:tok-e");
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->comments, 0);
    EXPECT_EQ(again->reports, 0);
}

TYPED_TEST(ModerationContract, EraseAuthorRemovesTheAccountAndItsSessions) {
    const User ann = this->add_user(new_user("ann@example.org", "Ann"));
    const User bob = this->add_user(new_user("bob@example.org", "Bob"));
    const std::string ann_reporter = "u:" + std::to_string(ann.id);
    const Comment a1 = this->insert(by_user("/a", "ann one", CommentStatus::kApproved, ann.id));
    const Comment a2 = this->insert(by_user("/a", "ann two", CommentStatus::kRejected, ann.id));
    const Comment b1 = this->insert(by_user("/a", "bob one", CommentStatus::kApproved, bob.id));
    const Comment a_reply = this->insert(by_user("/a", "ann reply", CommentStatus::kApproved, ann.id, b1.id));
    this->report(b1.id, ann_reporter);
    Session s;
    s.user_id = ann.id;
    s.csrf_token = "csrf";
    s.created_at = at(0);
    s.expires_at = at(1000);
    s.token_hash = "s-ann";
    ASSERT_TRUE(this->store().insert_session(s).has_value());
    s.user_id = bob.id;
    s.token_hash = "s-bob";
    ASSERT_TRUE(this->store().insert_session(s).has_value());
    ASSERT_TRUE(this->store().insert_ban(ban(BanKind::kUser, std::to_string(ann.id), 1)).has_value());
    ASSERT_EQ(this->count("/a"), 3);
    ASSERT_EQ(this->get(b1.id).reply_count, 1);

    auto erased = this->store().erase_author(user_key(ann.id), ann_reporter);
    ASSERT_TRUE(erased.has_value()) << erased.error().message;
    EXPECT_EQ(erased->comments, 3);
    EXPECT_EQ(erased->reports, 1);
    EXPECT_EQ(erased->audit_entries, 0);
    EXPECT_TRUE(erased->user_removed);

    EXPECT_EQ(this->store().get_user(ann.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().find_user_by_email("ann@example.org").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().get_session("s-ann", at(10)).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(this->store().get_session("s-bob", at(10)).has_value());
    EXPECT_TRUE(this->store().get_user(bob.id).has_value());

    for (CommentId id : {a1.id, a2.id, a_reply.id}) {
        const Comment c = this->get(id);
        EXPECT_EQ(c.status, CommentStatus::kDeleted) << id;
        EXPECT_EQ(c.text, "") << id;
        EXPECT_EQ(c.author.name, "") << id;
        EXPECT_TRUE(domain::author_key_of(c).empty()) << id;
    }
    EXPECT_EQ(this->count("/a"), 1);
    EXPECT_EQ(this->get(b1.id).reply_count, 0);
    EXPECT_EQ(this->get(b1.id).open_reports, 0);
    EXPECT_EQ(this->get(b1.id).text, "bob one");
    EXPECT_EQ(this->stats(user_key(ann.id)), AuthorStats{});
    EXPECT_EQ(this->stats(user_key(bob.id)), (AuthorStats{1, 0, 0, 0, 0}));

    // The email is free again.
    EXPECT_TRUE(this->store().insert_user(new_user("ann@example.org", "Ann again")).has_value());

    auto second = this->store().erase_author(user_key(ann.id), ann_reporter);
    ASSERT_TRUE(second.has_value());
    EXPECT_FALSE(second->user_removed);
    EXPECT_EQ(second->comments, 0);
}

}  // namespace
}  // namespace tribune::store
