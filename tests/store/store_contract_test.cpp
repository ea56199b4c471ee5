// The Store contract: every engine must pass the same suite (docs/development.md, Conventions).
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store_factories.hpp"
#include "article_helpers.hpp"
#include "numbered.hpp"

namespace tribune::store {
namespace {

using domain::Article;
using domain::Comment;
using domain::CommentId;
using domain::CommentStatus;
using domain::ErrorCode;
using domain::NewComment;
using domain::Role;
using domain::SortOrder;
using domain::Time;
using domain::Viewer;

using testing::numbered;

const Time kT0 = domain::from_micros(1'773'550'380'123'456);  // 2026-03-15, odd microseconds

Time at(int seconds) { return kT0 + std::chrono::seconds(seconds); }

NewComment new_comment(std::string page, std::string text, CommentStatus status = CommentStatus::kApproved,
                       std::optional<CommentId> parent = std::nullopt, std::string token = "tok-x") {
    NewComment c;
    c.page = std::move(page);
    c.parent_id = parent;
    c.author.name = "Reader";
    c.author_token_hash = std::move(token);
    c.text = std::move(text);
    c.status = status;
    c.created_at = kT0;
    return c;
}

Viewer anonymous() { return Viewer{}; }

Viewer with_token(std::string token) {
    Viewer v;
    v.author_token_hash = std::move(token);
    return v;
}

Viewer moderator() {
    Viewer v;
    v.role = Role::kModerator;
    v.user_id = 1;
    v.name = "Mod";
    return v;
}

ListQuery query(int limit, StatusFilter filter = StatusFilter::kDefault, Viewer viewer = {},
                SortOrder order = SortOrder::kOldest) {
    ListQuery q;
    q.order = order;
    q.limit = limit;
    q.viewer = std::move(viewer);
    q.filter = filter;
    return q;
}

std::vector<CommentId> ids_of(const std::vector<Comment>& cs) {
    std::vector<CommentId> ids;
    for (const Comment& c : cs) ids.push_back(c.id);
    return ids;
}

Article article(std::string slug, std::string author, int published_s) {
    return make_article(std::move(slug), std::move(author), at(published_s));
}

template <class Factory>
class StoreContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = factory_.open();
        ASSERT_NE(store_, nullptr);
    }

    Store& store() { return *store_; }

    void reopen() {
        store_.reset();
        store_ = factory_.open();
    }

    Comment insert(const NewComment& c) {
        auto r = store().insert_comment(c);
        EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
        return r ? *r : Comment{};
    }

    // Every top-level comment of `page` under `q`, walking pages with the keyset cursor.
    std::vector<CommentId> walk(std::string_view page, ListQuery q) {
        std::vector<CommentId> all;
        for (int guard = 0; guard < 1000; ++guard) {
            auto r = store().list_comments(page, q);
            EXPECT_TRUE(r.has_value());
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

    std::int64_t count(std::string_view page) {
        auto n = store().count_approved(page);
        EXPECT_TRUE(n.has_value());
        return n ? *n : -1;
    }

    std::int64_t reply_count(CommentId id) {
        auto c = store().get_comment(id);
        EXPECT_TRUE(c.has_value());
        return c ? c->reply_count : -1;
    }

    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(StoreContract, testing::Engines);

TYPED_TEST(StoreContract, InsertThenGetRoundTripsEveryField) {
    NewComment c = new_comment("/articles/grüße", "Grüße 👋 — 日本語\nzweite Zeile \"quoted\" <b>");
    c.author = domain::Author{"Zoë Ünal", Role::kModerator, 42, "Subscriber", true};
    c.author_token_hash = "hash-🙂";
    c.created_at = kT0 + std::chrono::microseconds(7);
    auto stored = this->store().insert_comment(c);
    ASSERT_TRUE(stored.has_value());
    EXPECT_GT(stored->id, 0);

    auto got = this->store().get_comment(stored->id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->id, stored->id);
    EXPECT_EQ(got->page, c.page);
    EXPECT_EQ(got->parent_id, std::nullopt);
    EXPECT_EQ(got->author.name, "Zoë Ünal");
    EXPECT_EQ(got->author.role, Role::kModerator);
    EXPECT_EQ(got->author.user_id, std::optional<std::int64_t>(42));
    EXPECT_EQ(got->author.badge, "Subscriber");
    EXPECT_TRUE(got->author.verified);
    EXPECT_EQ(got->author_token_hash, "hash-🙂");
    EXPECT_EQ(got->text, c.text);
    EXPECT_EQ(got->status, CommentStatus::kApproved);
    EXPECT_EQ(got->created_at, c.created_at);
    EXPECT_EQ(domain::to_micros(got->created_at), 1'773'550'380'123'463);
    EXPECT_EQ(got->edited_at, std::nullopt);
    EXPECT_EQ(got->reply_count, 0);
    EXPECT_EQ(stored->created_at, got->created_at);
    EXPECT_EQ(stored->text, got->text);
}

TYPED_TEST(StoreContract, MissingThingsAreNotFound) {
    auto c = this->store().get_comment(987654);
    ASSERT_FALSE(c.has_value());
    EXPECT_EQ(c.error().code, ErrorCode::kNotFound);
    auto a = this->store().get_article("no-such-slug");
    ASSERT_FALSE(a.has_value());
    EXPECT_EQ(a.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().edit_comment(987654, "x", at(1), "author", std::nullopt).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().edit_history(987654).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().set_status(987654, CommentStatus::kApproved, std::nullopt).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(this->store().delete_comment(987654).error().code, ErrorCode::kNotFound);
}

TYPED_TEST(StoreContract, UnknownPageIsEmpty) {
    auto r = this->store().list_comments("/nowhere", query(20));
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->comments.empty());
    EXPECT_FALSE(r->has_more);
    EXPECT_EQ(this->count("/nowhere"), 0);
}

TYPED_TEST(StoreContract, KeysetPagesOldestAndNewestWithoutGapsOrDuplicates) {
    std::vector<CommentId> expected;
    for (int i = 0; i < 25; ++i) {
        expected.push_back(this->insert(new_comment("/p", numbered("top ", i))).id);
        this->insert(new_comment("/other", "noise"));
        if (i % 5 == 0) this->insert(new_comment("/p", "reply", CommentStatus::kApproved, expected.back()));
    }
    EXPECT_EQ(this->walk("/p", query(7)), expected);
    EXPECT_EQ(this->walk("/p", query(25)), expected);
    EXPECT_EQ(this->walk("/p", query(100)), expected);

    std::vector<CommentId> newest(expected.rbegin(), expected.rend());
    EXPECT_EQ(this->walk("/p", query(7, StatusFilter::kDefault, {}, SortOrder::kNewest)), newest);
    EXPECT_EQ(this->walk("/p", query(1, StatusFilter::kDefault, {}, SortOrder::kNewest)), newest);

    auto first = this->store().list_comments("/p", query(25));
    ASSERT_TRUE(first.has_value());
    EXPECT_FALSE(first->has_more);  // exactly `limit` rows left: no next page
}

TYPED_TEST(StoreContract, RepliesPageByKeysetBothWays) {
    const CommentId parent = this->insert(new_comment("/p", "parent")).id;
    std::vector<CommentId> replies;
    for (int i = 0; i < 9; ++i)
        replies.push_back(
            this->insert(new_comment("/p", numbered("r", i), CommentStatus::kApproved, parent)).id);

    std::vector<CommentId> got;
    ListQuery q = query(4);
    for (;;) {
        auto r = this->store().list_replies(parent, q);
        ASSERT_TRUE(r.has_value());
        for (CommentId id : ids_of(r->comments)) got.push_back(id);
        if (!r->has_more) break;
        q.after_id = r->comments.back().id;
    }
    EXPECT_EQ(got, replies);

    auto newest =
        this->store().list_replies(parent, query(3, StatusFilter::kDefault, {}, SortOrder::kNewest));
    ASSERT_TRUE(newest.has_value());
    EXPECT_EQ(ids_of(newest->comments), (std::vector<CommentId>{replies[8], replies[7], replies[6]}));
    EXPECT_TRUE(newest->has_more);
    EXPECT_EQ(this->reply_count(parent), 9);
    EXPECT_EQ(this->count("/p"), 10);
}

TYPED_TEST(StoreContract, PendingCommentIsSeenOnlyByItsAuthor) {
    const CommentId approved = this->insert(new_comment("/p", "approved")).id;
    const CommentId mine = this->insert(new_comment("/p", "mine", CommentStatus::kPending, {}, "tok-a")).id;
    NewComment by_user = new_comment("/p", "by account", CommentStatus::kPending, {}, "");
    by_user.author.user_id = 77;
    const CommentId users = this->insert(by_user).id;

    auto ids = [&](Viewer v) { return this->walk("/p", query(10, StatusFilter::kDefault, std::move(v))); };
    EXPECT_EQ(ids(anonymous()), (std::vector<CommentId>{approved}));
    EXPECT_EQ(ids(with_token("tok-b")), (std::vector<CommentId>{approved}));
    EXPECT_EQ(ids(with_token("tok-a")), (std::vector<CommentId>{approved, mine}));
    Viewer account;
    account.user_id = 77;
    EXPECT_EQ(ids(account), (std::vector<CommentId>{approved, users}));
    account.user_id = 78;
    EXPECT_EQ(ids(account), (std::vector<CommentId>{approved}));
    // Staff see only approved in the default view; they ask for pending explicitly.
    EXPECT_EQ(ids(moderator()), (std::vector<CommentId>{approved}));
    EXPECT_EQ(this->count("/p"), 1);

    // The same rules apply to replies.
    const CommentId reply =
        this->insert(new_comment("/p", "reply", CommentStatus::kPending, approved, "tok-a")).id;
    auto replies = [&](Viewer v) {
        auto r = this->store().list_replies(approved, query(10, StatusFilter::kDefault, std::move(v)));
        EXPECT_TRUE(r.has_value());
        return r ? ids_of(r->comments) : std::vector<CommentId>{};
    };
    EXPECT_TRUE(replies(anonymous()).empty());
    EXPECT_TRUE(replies(with_token("tok-b")).empty());
    EXPECT_EQ(replies(with_token("tok-a")), (std::vector<CommentId>{reply}));
    EXPECT_EQ(this->reply_count(approved), 0);
}

// The default thread view of both engines' SQL against the one rule, domain::in_thread_view:
// every status, top level with and without replies and as a reply, by a token author and by an
// account, read by anonymous readers, either author, other readers and staff.
TYPED_TEST(StoreContract, TheThreadViewIsExactlyTheDomainRuleForEveryStatusAndViewer) {
    const std::vector<CommentStatus> statuses{CommentStatus::kApproved, CommentStatus::kPending,
                                              CommentStatus::kRejected, CommentStatus::kSpam,
                                              CommentStatus::kDeleted};
    const CommentId host = this->insert(new_comment("/v", "host of replies")).id;
    std::vector<CommentId> made{host};
    for (const CommentStatus status : statuses) {
        for (const bool by_account : {false, true}) {
            for (const int place : {0, 1, 2}) {  // top level alone, top level with a reply, a reply
                const bool deleted = status == CommentStatus::kDeleted;
                NewComment c = new_comment("/v", std::string(to_string(status)), deleted ? CommentStatus::kApproved : status,
                                           place == 2 ? std::optional<CommentId>(host) : std::nullopt,
                                           by_account ? "" : "tok-a");
                if (by_account) c.author.user_id = 77;
                const CommentId id = this->insert(c).id;
                if (place == 1) this->insert(new_comment("/v", "a reply", CommentStatus::kApproved, id));
                if (deleted) {
                    ASSERT_TRUE(this->store().delete_comment(id).has_value());
                }
                made.push_back(id);
            }
        }
    }
    std::vector<Comment> stored;
    for (const CommentId id : made) {
        auto c = this->store().get_comment(id);
        ASSERT_TRUE(c.has_value());
        stored.push_back(*c);
    }
    Viewer account_77, account_78, admin = moderator();
    account_77.user_id = 77;
    account_78.user_id = 78;
    admin.role = Role::kAdmin;
    const std::vector<std::pair<std::string, Viewer>> viewers{
        {"anonymous", anonymous()}, {"token author", with_token("tok-a")}, {"other token", with_token("tok-b")},
        {"account author", account_77}, {"other account", account_78}, {"moderator", moderator()}, {"admin", admin}};
    for (const auto& [who, viewer] : viewers) {
        std::set<CommentId> expected_top, expected_replies;
        for (const Comment& c : stored) {
            if (!domain::in_thread_view(viewer, c)) continue;
            (c.parent_id == host ? expected_replies : expected_top).insert(c.id);
        }
        std::set<CommentId> top, replies;
        for (const CommentId id : this->walk("/v", query(7, StatusFilter::kDefault, viewer))) top.insert(id);
        auto r = this->store().list_replies(host, query(100, StatusFilter::kDefault, viewer));
        ASSERT_TRUE(r.has_value());
        for (const Comment& c : r->comments) replies.insert(c.id);
        EXPECT_EQ(top, expected_top) << who << ": top level";
        EXPECT_EQ(replies, expected_replies) << who << ": replies";
    }
}

TYPED_TEST(StoreContract, StaffFiltersShowOneStatusOrAll) {
    std::map<CommentStatus, CommentId> by_status;
    for (auto s : {CommentStatus::kApproved, CommentStatus::kPending, CommentStatus::kRejected,
                   CommentStatus::kSpam}) {
        by_status[s] = this->insert(new_comment("/p", std::string(to_string(s)), s)).id;
    }
    const CommentId deleted = this->insert(new_comment("/p", "to delete")).id;
    ASSERT_TRUE(this->store().delete_comment(deleted).has_value());

    auto ids = [&](StatusFilter f) { return this->walk("/p", query(10, f, moderator())); };
    EXPECT_EQ(ids(StatusFilter::kPending), (std::vector<CommentId>{by_status[CommentStatus::kPending]}));
    EXPECT_EQ(ids(StatusFilter::kRejected), (std::vector<CommentId>{by_status[CommentStatus::kRejected]}));
    EXPECT_EQ(ids(StatusFilter::kSpam), (std::vector<CommentId>{by_status[CommentStatus::kSpam]}));
    EXPECT_EQ(ids(StatusFilter::kAll),
              (std::vector<CommentId>{by_status[CommentStatus::kApproved], by_status[CommentStatus::kPending],
                                      by_status[CommentStatus::kRejected], by_status[CommentStatus::kSpam],
                                      deleted}));
    EXPECT_EQ(ids(StatusFilter::kDefault), (std::vector<CommentId>{by_status[CommentStatus::kApproved]}));

    auto newest_pending = this->store().list_comments(
        "/p", query(10, StatusFilter::kPending, moderator(), SortOrder::kNewest));
    ASSERT_TRUE(newest_pending.has_value());
    EXPECT_EQ(ids_of(newest_pending->comments), (std::vector<CommentId>{by_status[CommentStatus::kPending]}));
}

TYPED_TEST(StoreContract, DeletedCommentStaysAsTombstoneWhileItHasApprovedReplies) {
    const CommentId a = this->insert(new_comment("/p", "has replies")).id;
    const CommentId reply = this->insert(new_comment("/p", "reply", CommentStatus::kApproved, a)).id;
    const CommentId b = this->insert(new_comment("/p", "alone")).id;

    auto deleted = this->store().delete_comment(a);
    ASSERT_TRUE(deleted.has_value());
    EXPECT_EQ(deleted->status, CommentStatus::kDeleted);
    EXPECT_EQ(deleted->text, "");
    EXPECT_EQ(deleted->author.name, "");
    EXPECT_EQ(deleted->author_token_hash, "tok-x");
    ASSERT_TRUE(this->store().delete_comment(b).has_value());

    auto got = this->store().get_comment(a);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->status, CommentStatus::kDeleted);
    EXPECT_EQ(got->text, "");
    EXPECT_EQ(got->author.name, "");
    EXPECT_EQ(got->author_token_hash, "tok-x");

    auto page = this->store().list_comments("/p", query(10));
    ASSERT_TRUE(page.has_value());
    ASSERT_EQ(ids_of(page->comments), (std::vector<CommentId>{a}));  // b had no replies: gone
    EXPECT_EQ(page->comments[0].status, CommentStatus::kDeleted);
    EXPECT_EQ(page->comments[0].text, "");
    EXPECT_EQ(this->count("/p"), 1);  // the reply still counts

    // Deleted replies never show; once a has no approved reply, its tombstone goes too.
    ASSERT_TRUE(this->store().delete_comment(reply).has_value());
    auto replies = this->store().list_replies(a, query(10));
    ASSERT_TRUE(replies.has_value());
    EXPECT_TRUE(replies->comments.empty());
    EXPECT_EQ(this->reply_count(a), 0);
    EXPECT_TRUE(this->walk("/p", query(10)).empty());
    EXPECT_EQ(this->count("/p"), 0);

    // Deleting again changes nothing.
    auto again = this->store().delete_comment(a);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->status, CommentStatus::kDeleted);
    EXPECT_EQ(this->count("/p"), 0);
}

TYPED_TEST(StoreContract, CountsFollowEveryStatusTransition) {
    const CommentId c = this->insert(new_comment("/p", "c", CommentStatus::kPending)).id;
    EXPECT_EQ(this->count("/p"), 0);
    struct Step {
        CommentStatus to;
        std::int64_t count;
    };
    const Step steps[] = {
        {CommentStatus::kApproved, 1}, {CommentStatus::kApproved, 1}, {CommentStatus::kRejected, 0},
        {CommentStatus::kSpam, 0},     {CommentStatus::kPending, 0},  {CommentStatus::kApproved, 1},
        {CommentStatus::kSpam, 0},     {CommentStatus::kApproved, 1},
    };
    for (const Step& s : steps) {
        auto r = this->store().set_status(c, s.to, std::nullopt);
        ASSERT_TRUE(r.has_value());
        EXPECT_EQ(r->status, s.to);
        EXPECT_EQ(this->count("/p"), s.count) << "after moving to " << to_string(s.to);
        EXPECT_EQ(this->store().get_comment(c)->status, s.to);
    }
    EXPECT_EQ(this->store().set_status(c, CommentStatus::kDeleted, std::nullopt).error().code, ErrorCode::kInvalid);
    EXPECT_EQ(this->count("/p"), 1);

    ASSERT_TRUE(this->store().delete_comment(c).has_value());
    EXPECT_EQ(this->count("/p"), 0);
    EXPECT_EQ(this->store().set_status(c, CommentStatus::kApproved, std::nullopt).error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->count("/p"), 0);

    // Deleting a comment that was never approved leaves the count alone.
    this->insert(new_comment("/p", "kept"));
    const CommentId pending = this->insert(new_comment("/p", "p", CommentStatus::kPending)).id;
    ASSERT_TRUE(this->store().delete_comment(pending).has_value());
    EXPECT_EQ(this->count("/p"), 1);
}

TYPED_TEST(StoreContract, ReplyCountCountsApprovedRepliesOnly) {
    const CommentId parent = this->insert(new_comment("/p", "parent", CommentStatus::kPending)).id;
    const CommentId r1 = this->insert(new_comment("/p", "r1", CommentStatus::kApproved, parent)).id;
    const CommentId r2 = this->insert(new_comment("/p", "r2", CommentStatus::kApproved, parent)).id;
    const CommentId r3 = this->insert(new_comment("/p", "r3", CommentStatus::kPending, parent)).id;
    EXPECT_EQ(this->reply_count(parent), 2);
    EXPECT_EQ(this->count("/p"), 2);

    ASSERT_TRUE(this->store().set_status(r3, CommentStatus::kApproved, std::nullopt).has_value());
    EXPECT_EQ(this->reply_count(parent), 3);
    ASSERT_TRUE(this->store().set_status(r1, CommentStatus::kSpam, std::nullopt).has_value());
    EXPECT_EQ(this->reply_count(parent), 2);
    ASSERT_TRUE(this->store().delete_comment(r2).has_value());
    EXPECT_EQ(this->reply_count(parent), 1);
    ASSERT_TRUE(this->store().set_status(parent, CommentStatus::kApproved, std::nullopt).has_value());
    EXPECT_EQ(this->reply_count(parent), 1);
    EXPECT_EQ(this->count("/p"), 2);  // the parent and r3
}

TYPED_TEST(StoreContract, RepliesMustAnswerATopLevelCommentOfTheSamePage) {
    const CommentId top = this->insert(new_comment("/p", "top")).id;
    const CommentId reply = this->insert(new_comment("/p", "reply", CommentStatus::kApproved, top)).id;

    auto missing = this->store().insert_comment(new_comment("/p", "x", CommentStatus::kApproved, 999999));
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    auto nested = this->store().insert_comment(new_comment("/p", "x", CommentStatus::kApproved, reply));
    ASSERT_FALSE(nested.has_value());
    EXPECT_EQ(nested.error().code, ErrorCode::kInvalid);
    auto elsewhere = this->store().insert_comment(new_comment("/q", "x", CommentStatus::kApproved, top));
    ASSERT_FALSE(elsewhere.has_value());
    EXPECT_EQ(elsewhere.error().code, ErrorCode::kInvalid);

    EXPECT_EQ(this->count("/p"), 2);
    EXPECT_EQ(this->count("/q"), 0);
    EXPECT_EQ(this->reply_count(top), 1);
}

TYPED_TEST(StoreContract, FirstRepliesBatchesParentsInTheOrderGiven) {
    const CommentId p1 = this->insert(new_comment("/p", "p1")).id;
    const CommentId p2 = this->insert(new_comment("/p", "p2")).id;
    const CommentId p3 = this->insert(new_comment("/p", "p3")).id;
    std::vector<CommentId> p1_replies;
    for (int i = 0; i < 6; ++i)
        p1_replies.push_back(this->insert(new_comment("/p", "r", CommentStatus::kApproved, p1)).id);
    const CommentId p2_mine =
        this->insert(new_comment("/p", "mine", CommentStatus::kPending, p2, "tok-a")).id;
    const CommentId p2_spam = this->insert(new_comment("/p", "spam", CommentStatus::kSpam, p2)).id;
    const CommentId p2_ok = this->insert(new_comment("/p", "ok", CommentStatus::kApproved, p2)).id;

    auto r = this->store().first_replies({p3, p1, p2}, 3, with_token("tok-a"), false);
    ASSERT_TRUE(r.has_value());
    ASSERT_EQ(r->size(), 3u);
    EXPECT_EQ((*r)[0].first, p3);
    EXPECT_TRUE((*r)[0].second.empty());
    EXPECT_EQ((*r)[1].first, p1);
    EXPECT_EQ(ids_of((*r)[1].second),
              (std::vector<CommentId>{p1_replies[0], p1_replies[1], p1_replies[2], p1_replies[3]}));
    EXPECT_EQ((*r)[2].first, p2);
    EXPECT_EQ(ids_of((*r)[2].second), (std::vector<CommentId>{p2_mine, p2_ok}));

    auto anon = this->store().first_replies({p2}, 3, anonymous(), false);
    ASSERT_TRUE(anon.has_value());
    EXPECT_EQ(ids_of((*anon)[0].second), (std::vector<CommentId>{p2_ok}));

    auto staff = this->store().first_replies({p2, p1}, 1, moderator(), true);
    ASSERT_TRUE(staff.has_value());
    EXPECT_EQ(ids_of((*staff)[0].second), (std::vector<CommentId>{p2_mine, p2_spam}));
    EXPECT_EQ(ids_of((*staff)[1].second), (std::vector<CommentId>{p1_replies[0], p1_replies[1]}));

    auto none = this->store().first_replies({}, 3, anonymous(), false);
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
}

TYPED_TEST(StoreContract, EditKeepsHistoryOldestFirst) {
    const CommentId id = this->insert(new_comment("/p", "first")).id;
    auto empty = this->store().edit_history(id);
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->empty());

    auto e1 = this->store().edit_comment(id, "second", at(10), "author", std::nullopt);
    ASSERT_TRUE(e1.has_value());
    EXPECT_EQ(e1->text, "second");
    EXPECT_EQ(e1->edited_at, std::optional<Time>(at(10)));
    auto e2 = this->store().edit_comment(id, "third ✓", at(20), "Mod", std::nullopt);
    ASSERT_TRUE(e2.has_value());

    auto got = this->store().get_comment(id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->text, "third ✓");
    EXPECT_EQ(got->edited_at, std::optional<Time>(at(20)));
    EXPECT_EQ(got->created_at, kT0);

    auto history = this->store().edit_history(id);
    ASSERT_TRUE(history.has_value());
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].text, "first");
    EXPECT_EQ((*history)[0].replaced_at, at(10));
    EXPECT_EQ((*history)[0].edited_by, "author");
    EXPECT_EQ((*history)[1].text, "second");
    EXPECT_EQ((*history)[1].replaced_at, at(20));
    EXPECT_EQ((*history)[1].edited_by, "Mod");
    EXPECT_EQ(this->count("/p"), 1);  // editing does not touch counts

    ASSERT_TRUE(this->store().delete_comment(id).has_value());
    auto after = this->store().edit_comment(id, "again", at(30), "author", std::nullopt);
    ASSERT_FALSE(after.has_value());
    EXPECT_EQ(after.error().code, ErrorCode::kConflict);
}

TYPED_TEST(StoreContract, AHeldEditSendsAnApprovedCommentBackToPendingInOneWrite) {
    const CommentId id = this->insert(new_comment("/p", "first")).id;
    ASSERT_TRUE(this->store().set_status(id, CommentStatus::kApproved, std::nullopt).has_value());
    EXPECT_EQ(this->count("/p"), 1);
    auto held = this->store().edit_comment(id, "second", at(10), "author", std::string("edited; contains a link"));
    ASSERT_TRUE(held.has_value());
    EXPECT_EQ(held->status, CommentStatus::kPending);
    EXPECT_EQ(held->filter_reason, "edited; contains a link");
    auto got = this->store().get_comment(id);
    EXPECT_EQ(got->status, CommentStatus::kPending);
    EXPECT_EQ(got->text, "second");
    EXPECT_EQ(got->filter_reason, "edited; contains a link");
    EXPECT_EQ(this->count("/p"), 0);
    // Held again while pending: still pending, the count untouched.
    ASSERT_TRUE(this->store().edit_comment(id, "third", at(20), "author", std::string("edited; again")).has_value());
    EXPECT_EQ(this->count("/p"), 0);
}

TYPED_TEST(StoreContract, SetStatusWithASeenVersionRefusesAnEditedText) {
    const CommentId id = this->insert(new_comment("/p", "first", CommentStatus::kPending)).id;
    const std::string seen = domain::text_version(*this->store().get_comment(id));
    ASSERT_TRUE(this->store().edit_comment(id, "second", at(10), "author", std::nullopt).has_value());
    auto stale = this->store().set_status(id, CommentStatus::kApproved, seen);
    ASSERT_FALSE(stale.has_value());
    EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
    EXPECT_EQ(this->store().get_comment(id)->status, CommentStatus::kPending);
    const std::string now = domain::text_version(*this->store().get_comment(id));
    EXPECT_NE(now, seen);
    auto fresh = this->store().set_status(id, CommentStatus::kApproved, now);
    ASSERT_TRUE(fresh.has_value());
    EXPECT_EQ(this->count("/p"), 1);
}

TYPED_TEST(StoreContract, CountApprovedManyKeepsTheOrderGiven) {
    this->insert(new_comment("/a", "1"));
    const CommentId parent = this->insert(new_comment("/a", "2")).id;
    this->insert(new_comment("/a", "reply", CommentStatus::kApproved, parent));
    this->insert(new_comment("/b", "pending", CommentStatus::kPending));
    this->insert(new_comment("/c", "c"));

    auto counts = this->store().count_approved_many({"/c", "/a", "/b", "/unknown", "/a"});
    ASSERT_TRUE(counts.has_value());
    EXPECT_EQ(*counts, (std::vector<std::int64_t>{1, 3, 0, 0, 3}));
    auto none = this->store().count_approved_many({});
    ASSERT_TRUE(none.has_value());
    EXPECT_TRUE(none->empty());
}

TYPED_TEST(StoreContract, IsEmptyUntilAnArticleOrCommentExists) {
    EXPECT_TRUE(this->store().is_empty().value());
    this->insert(new_comment("/p", "first", CommentStatus::kPending));
    EXPECT_FALSE(this->store().is_empty().value());
}

TYPED_TEST(StoreContract, IsEmptyIsFalseWithOnlyAnArticle) {
    ASSERT_TRUE(insert_article(this->store(), article("a", "A", 1)).has_value());
    EXPECT_FALSE(this->store().is_empty().value());
}

TYPED_TEST(StoreContract, ReopenKeepsEverything) {
    const CommentId top = this->insert(new_comment("/p", "top ✓")).id;
    const CommentId reply = this->insert(new_comment("/p", "reply", CommentStatus::kPending, top)).id;
    ASSERT_TRUE(this->store().set_status(reply, CommentStatus::kApproved, std::nullopt).has_value());
    ASSERT_TRUE(this->store().edit_comment(top, "top edited", at(5), "author", std::nullopt).has_value());
    ASSERT_TRUE(insert_article(this->store(), article("kept", "A", 1)).has_value());

    this->reopen();

    auto got = this->store().get_comment(top);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->text, "top edited");
    EXPECT_EQ(got->reply_count, 1);
    EXPECT_EQ(this->count("/p"), 2);
    EXPECT_EQ(this->store().edit_history(top).value().size(), 1u);
    EXPECT_TRUE(this->store().get_article("kept").has_value());
    EXPECT_FALSE(this->store().is_empty().value());
    const CommentId next = this->insert(new_comment("/p", "after reopen")).id;
    EXPECT_GT(next, reply);
}

TYPED_TEST(StoreContract, ConcurrentInsertsGetDistinctIdsAndAllSurviveReopen) {
    constexpr int kThreads = 16;
    constexpr int kPerThread = 200;
    std::vector<std::vector<CommentId>> ids(kThreads);
    std::atomic<int> failures{0};
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    auto page = numbered("/page", t % 4);
                    auto r = this->store().insert_comment(new_comment(page, numbered("t", t)));
                    if (!r) {
                        ++failures;
                        continue;
                    }
                    ids[t].push_back(r->id);
                }
            });
        }
        for (auto& th : threads) th.join();
    }
    ASSERT_EQ(failures.load(), 0);
    std::set<CommentId> distinct;
    for (const auto& v : ids) {
        EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));  // each caller's writes land in order
        distinct.insert(v.begin(), v.end());
    }
    EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads * kPerThread));

    this->reopen();

    std::set<CommentId> listed;
    std::int64_t total = 0;
    for (int p = 0; p < 4; ++p) {
        const std::string page = numbered("/page", p);
        for (CommentId id : this->walk(page, query(100, StatusFilter::kAll, moderator()))) listed.insert(id);
        total += this->count(page);
    }
    EXPECT_EQ(listed, distinct);
    EXPECT_EQ(total, kThreads * kPerThread);
}

TYPED_TEST(StoreContract, AFailingWriteDoesNotLoseConcurrentOnes) {
    ASSERT_TRUE(insert_article(this->store(), article("taken", "A", 1)).has_value());
    constexpr int kWriters = 8;
    constexpr int kPerWriter = 50;
    std::atomic<int> comment_failures{0};
    std::atomic<int> conflicts{0};
    std::atomic<int> other_article_errors{0};
    std::vector<std::vector<CommentId>> ids(kWriters);
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < kWriters; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerWriter; ++i) {
                    auto r = this->store().insert_comment(new_comment("/p", "c"));
                    if (r) ids[t].push_back(r->id);
                    else ++comment_failures;
                }
            });
        }
        for (int t = 0; t < 2; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < kPerWriter; ++i) {
                    auto r = insert_article(this->store(), article("taken", "B", 2));
                    if (!r && r.error().code == ErrorCode::kConflict) ++conflicts;
                    else ++other_article_errors;
                }
            });
        }
        for (auto& th : threads) th.join();
    }
    EXPECT_EQ(comment_failures.load(), 0);
    EXPECT_EQ(conflicts.load(), 2 * kPerWriter);
    EXPECT_EQ(other_article_errors.load(), 0);
    std::size_t inserted = 0;
    for (const auto& v : ids) inserted += v.size();
    EXPECT_EQ(inserted, static_cast<std::size_t>(kWriters * kPerWriter));
    EXPECT_EQ(this->walk("/p", query(100)).size(), inserted);
    EXPECT_EQ(this->count("/p"), static_cast<std::int64_t>(inserted));
    EXPECT_EQ(this->store().get_article("taken").value().lead_author(), "A");
    EXPECT_EQ(this->store().list_articles(ArticleQuery{}).value().size(), 1u);
}

TYPED_TEST(StoreContract, ConcurrentApprovalsAndInsertsKeepCountsExact) {
    // Pending threads to moderate while new comments arrive on the same page.
    std::vector<CommentId> tops;
    std::vector<CommentId> moderated;
    for (int i = 0; i < 12; ++i) {
        tops.push_back(this->insert(new_comment("/h", numbered("top ", i), CommentStatus::kPending)).id);
        moderated.push_back(tops.back());
        for (int r = 0; r < 2; ++r)
            moderated.push_back(
                this->insert(new_comment("/h", "reply", CommentStatus::kPending, tops.back())).id);
    }
    constexpr int kThreads = 8;
    constexpr int kOpsPerThread = 60;
    std::atomic<int> unexpected{0};
    {
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                unsigned seed = 7919u * static_cast<unsigned>(t + 1);
                auto next = [&seed](unsigned n) {
                    seed = seed * 1103515245u + 12345u;
                    return (seed >> 16) % n;
                };
                for (int i = 0; i < kOpsPerThread; ++i) {
                    if (t % 2 == 0) {  // writers: approved and pending, top-level and replies
                        const auto kind = next(4);
                        std::optional<CommentId> parent;
                        if (kind >= 2) parent = tops[next(static_cast<unsigned>(tops.size()))];
                        const auto status = kind % 2 == 0 ? CommentStatus::kApproved : CommentStatus::kPending;
                        if (!this->store().insert_comment(new_comment("/h", "new", status, parent))) ++unexpected;
                        continue;
                    }
                    // Moderators: every transition, some deletes, on the same few comments.
                    const CommentId id = moderated[next(static_cast<unsigned>(moderated.size()))];
                    const auto op = next(10);
                    if (op == 0) {
                        if (!this->store().delete_comment(id)) ++unexpected;
                        continue;
                    }
                    static constexpr CommentStatus kTo[] = {CommentStatus::kApproved, CommentStatus::kRejected,
                                                            CommentStatus::kSpam, CommentStatus::kPending,
                                                            CommentStatus::kApproved};
                    auto r = this->store().set_status(id, kTo[op % 5], std::nullopt);
                    if (!r && r.error().code != ErrorCode::kConflict) ++unexpected;  // deleted meanwhile
                }
            });
        }
        for (auto& th : threads) th.join();
    }
    EXPECT_EQ(unexpected.load(), 0);

    // Recount from the comments themselves.
    std::int64_t approved = 0;
    const std::vector<CommentId> all_tops = this->walk("/h", query(100, StatusFilter::kAll, moderator()));
    for (CommentId top : all_tops) {
        auto parent = this->store().get_comment(top);
        ASSERT_TRUE(parent.has_value());
        if (parent->status == CommentStatus::kApproved) ++approved;
        std::int64_t approved_replies = 0;
        ListQuery q = query(100, StatusFilter::kAll, moderator());
        for (;;) {
            auto replies = this->store().list_replies(top, q);
            ASSERT_TRUE(replies.has_value());
            for (const Comment& c : replies->comments)
                if (c.status == CommentStatus::kApproved) ++approved_replies;
            if (!replies->has_more) break;
            q.after_id = replies->comments.back().id;
        }
        EXPECT_EQ(parent->reply_count, approved_replies) << "comment " << top;
        approved += approved_replies;
    }
    EXPECT_EQ(this->count("/h"), approved);
}

}  // namespace
}  // namespace tribune::store
