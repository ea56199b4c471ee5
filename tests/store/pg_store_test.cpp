// PgStore beyond the contract suite: lost connections, commits in doubt, migrations racing.
#include "store/postgres/pg_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pg_test_server.hpp"
#include "numbered.hpp"
#include "store/open_store.hpp"
#include "store/postgres/migrations.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Comment;
using domain::CommentId;
using domain::CommentStatus;
using domain::ErrorCode;
using domain::NewComment;

using testing::numbered;

NewComment new_comment(std::string page, std::string text, CommentStatus status = CommentStatus::kApproved) {
    NewComment c;
    c.page = std::move(page);
    c.author.name = "Reader";
    c.author_token_hash = "tok";
    c.text = std::move(text);
    c.status = status;
    c.created_at = domain::from_micros(1'773'550'380'123'456);
    return c;
}

domain::Viewer moderator() {
    domain::Viewer v;
    v.role = domain::Role::kModerator;
    v.user_id = 1;
    return v;
}

// Every comment of `page` (top level, any status) by text.
std::multimap<std::string, CommentId> comments_by_text(Store& store, const std::string& page) {
    std::multimap<std::string, CommentId> out;
    ListQuery q;
    q.limit = 100;
    q.filter = StatusFilter::kAll;
    q.viewer = moderator();
    for (;;) {
        auto r = store.list_comments(page, q);
        if (!r) {
            ADD_FAILURE() << r.error().message;
            return out;
        }
        for (const Comment& c : r->comments) out.emplace(c.text, c.id);
        if (!r->has_more) return out;
        q.after_id = r->comments.back().id;
    }
}

class PgStoreTest : public ::testing::Test {
protected:
    std::unique_ptr<PgStore> open(std::size_t pool_size = 8, int max_attempts = 4) {
        PgOptions options;
        options.conninfo = db_.conninfo();
        options.pool_size = pool_size;
        options.retry.max_attempts = max_attempts;
        auto store = PgStore::open(std::move(options));
        if (!store) throw std::runtime_error("cannot open PgStore: " + store.error().message);
        return std::move(*store);
    }

    testing::PgTestDatabase db_;
};

TEST_F(PgStoreTest, NextCallsSucceedAfterEveryBackendIsTerminated) {
    auto store = open();
    const CommentId first = store->insert_comment(new_comment("/p", "before")).value().id;
    // Open several connections, so several die.
    {
        std::vector<std::thread> readers;
        for (int i = 0; i < 4; ++i) readers.emplace_back([&] { EXPECT_TRUE(store->get_comment(first)); });
        for (auto& th : readers) th.join();
    }
    testing::PgAdmin admin(db_.conninfo());
    EXPECT_GE(admin.terminate_other_backends(), 1);
    admin.wait_until_alone();

    auto got = store->get_comment(first);
    ASSERT_TRUE(got.has_value()) << got.error().message;
    EXPECT_EQ(got->text, "before");
    auto second = store->insert_comment(new_comment("/p", "after"));
    ASSERT_TRUE(second.has_value()) << second.error().message;
    EXPECT_GT(second->id, first);
    EXPECT_EQ(store->count_approved("/p").value(), 2);
    EXPECT_LE(store->open_connections(), 8u);
}

TEST_F(PgStoreTest, ALostConnectionWithoutRetriesIsUnavailableWithASafeMessage) {
    auto store = open(/*pool_size=*/1, /*max_attempts=*/1);
    ASSERT_TRUE(store->count_approved("/p").has_value());
    testing::PgAdmin admin(db_.conninfo());
    ASSERT_EQ(admin.terminate_other_backends(), 1);
    admin.wait_until_alone();
    // The pool notices the closed idle connection itself: even without retries, a call works.
    EXPECT_TRUE(store->count_approved("/p").has_value());

    // Kill the backend while the call holds it: a concurrent terminate loop.
    std::atomic<bool> stop{false};
    std::thread killer([&] {
        testing::PgAdmin killer_admin(db_.conninfo());
        while (!stop) {
            killer_admin.terminate_other_backends();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    int unavailable = 0;
    for (int i = 0; i < 100; ++i) {
        auto r = store->insert_comment(new_comment("/p", numbered("c", i)));
        if (r) continue;
        ++unavailable;
        EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
        EXPECT_EQ(r.error().message, "The database is busy or unavailable. Try again shortly.");
    }
    stop = true;
    killer.join();
    EXPECT_GT(unavailable, 0);
    // The pool may hold a connection made after the killer's last round (a loaded machine may not
    // run the killer again before it stops): end it too, so what follows starts from a closed one.
    testing::PgAdmin after(db_.conninfo());
    after.terminate_other_backends();
    after.wait_until_alone();
    EXPECT_TRUE(store->count_approved("/p").has_value());
}

TEST_F(PgStoreTest, InsertsDuringBackendKillsAreStoredExactlyWhenTheyReturnAComment) {
    auto store = open(/*pool_size=*/8);
    constexpr int kWriters = 8;
    constexpr int kPerWriter = 25;
    std::vector<std::vector<std::optional<CommentId>>> outcome(kWriters);
    std::atomic<int> other_errors{0};
    std::atomic<int> writers_left{kWriters};
    std::atomic<int> kills{0};
    std::thread killer([&] {
        testing::PgAdmin admin(db_.conninfo());
        while (writers_left > 0) {
            kills += admin.terminate_other_backends();
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kWriters; ++t) {
        writers.emplace_back([&, t] {
            for (int i = 0; i < kPerWriter; ++i) {
                auto r = store->insert_comment(new_comment("/k", numbered(numbered("w", t) + "-", i)));
                if (r) outcome[t].push_back(r->id);
                else {
                    if (r.error().code != ErrorCode::kUnavailable) ++other_errors;
                    outcome[t].push_back(std::nullopt);
                }
            }
            --writers_left;
        });
    }
    for (auto& th : writers) th.join();
    killer.join();
    EXPECT_GT(kills.load(), 0);
    EXPECT_EQ(other_errors.load(), 0);

    const auto stored = comments_by_text(*store, "/k");
    int succeeded = 0;
    for (int t = 0; t < kWriters; ++t) {
        for (int i = 0; i < kPerWriter; ++i) {
            const std::string text = numbered(numbered("w", t) + "-", i);
            const auto [first, last] = stored.equal_range(text);
            const auto copies = std::distance(first, last);
            if (outcome[t][i]) {
                ++succeeded;
                ASSERT_EQ(copies, 1) << text << " returned but stored " << copies << " times";
                EXPECT_EQ(first->second, *outcome[t][i]) << text;
            } else {
                EXPECT_EQ(copies, 0) << text << " failed but was stored";
            }
        }
    }
    EXPECT_EQ(static_cast<int>(stored.size()), succeeded);
    EXPECT_EQ(store->count_approved("/k").value(), succeeded);
    EXPECT_GT(succeeded, 0);
}

TEST_F(PgStoreTest, StoresOpeningTogetherMigrateOnce) {
    constexpr int kNodes = 6;
    std::vector<std::unique_ptr<PgStore>> stores(kNodes);
    std::vector<std::string> errors(kNodes);
    {
        std::vector<std::thread> threads;
        for (int i = 0; i < kNodes; ++i) {
            threads.emplace_back([&, i] {
                try {
                    stores[i] = open(/*pool_size=*/2);
                } catch (const std::exception& e) {
                    errors[i] = e.what();
                }
            });
        }
        for (auto& th : threads) th.join();
    }
    for (int i = 0; i < kNodes; ++i) ASSERT_NE(stores[i], nullptr) << errors[i];

    testing::PgAdmin admin(db_.conninfo());
    EXPECT_EQ(admin.query("SELECT count(*) FROM schema_migrations"), "19");
    EXPECT_EQ(admin.query("SELECT string_agg(name, ',' ORDER BY version) FROM schema_migrations"),
              "0001_comments,0002_articles,0003_moderation,0004_report_networks,0005_write_receipts,"
              "0006_live_events,0007_change_notices,0008_publishing,0009_article_search,0010_newsroom_roles,"
              "0011_media,0012_live_coverage,0013_list_indexes,0014_article_reviews,0015_import_sources,"
              "0016_path_redirects,0017_outbox,0018_reader_mail,0019_reader_identity");
    const std::string applied = admin.query("SELECT max(applied_at) FROM schema_migrations");

    // Every node sees what another wrote.
    const CommentId id = stores[0]->insert_comment(new_comment("/m", "hello")).value().id;
    for (auto& s : stores) EXPECT_EQ(s->get_comment(id).value().text, "hello");

    // Opening again changes nothing.
    stores.clear();
    auto again = open();
    EXPECT_EQ(admin.query("SELECT count(*) FROM schema_migrations"), "19");
    EXPECT_EQ(admin.query("SELECT max(applied_at) FROM schema_migrations"), applied);
    EXPECT_EQ(again->count_approved("/m").value(), 1);
}

// A store from before reader identity (version 18) keeps its rows: accounts not verified and
// without a badge, comments without either, policies without a sign-in rule; the new tables work.
TEST_F(PgStoreTest, ReaderIdentityMigratesAStoreFromTheVersionBefore) {
    {
        testing::PgAdmin admin(db_.conninfo());
        admin.query(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at BIGINT NOT NULL)");
        for (const Migration& m : migrations()) {
            if (m.version >= 19) break;
            admin.query(m.sql);
            admin.query("INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" +
                        std::string(m.name) + "', 0)");
        }
        admin.query(
            "INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('ada@example.org', 'Ada',"
            " 'reader', '', 1)");
        admin.query(
            "INSERT INTO comments (page, author_name, author_role, author_user_id, text, status, created_at)"
            " VALUES ('/p', 'Ada', 'reader', 1, 'hi', 'approved', 1)");
        admin.query("INSERT INTO thread_policies (page, closed) VALUES ('/p', 1)");
    }
    auto store = open();
    const domain::User ada = store->get_user(1).value();
    EXPECT_EQ(ada.email, "ada@example.org");
    EXPECT_FALSE(ada.email_verified);
    EXPECT_EQ(ada.badge, "");
    const Comment c = store->get_comment(1).value();
    EXPECT_EQ(c.author.name, "Ada");
    EXPECT_EQ(c.author.badge, "");
    EXPECT_FALSE(c.author.verified);
    const auto policy = store->get_thread_policy("/p").value();
    ASSERT_TRUE(policy.has_value());
    EXPECT_TRUE(policy->closed);
    EXPECT_EQ(policy->signin_required, std::nullopt);

    auto signed_in = store->sign_in_by_email("ada@example.org", "Ada", domain::from_micros(2));
    ASSERT_TRUE(signed_in.has_value()) << signed_in.error().message;
    EXPECT_EQ(signed_in->user.id, 1);
    EXPECT_TRUE(signed_in->user.email_verified);
    EXPECT_EQ(store->rename_account(1, "Ada L.").value(), std::vector<std::string>{"/p"});
    EXPECT_EQ(store->get_comment(1).value().author.name, "Ada L.");
    EXPECT_TRUE(store->get_comment(1).value().author.verified);
}

TEST_F(PgStoreTest, ANewerSchemaIsRefused) {
    { auto store = open(); }
    testing::PgAdmin admin(db_.conninfo());
    admin.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)");
    PgOptions options;
    options.conninfo = db_.conninfo();
    auto store = PgStore::open(std::move(options));
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
}

TEST_F(PgStoreTest, ThePoolNeverOpensMoreThanItsSize) {
    auto store = open(/*pool_size=*/3);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 12; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i) {
                if (!store->insert_comment(new_comment(numbered("/pool", t % 3), "c"))) ++failures;
                if (!store->count_approved(numbered("/pool", t % 3))) ++failures;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_LE(store->open_connections(), 3u);
    testing::PgAdmin admin(db_.conninfo());
    EXPECT_LE(std::stoi(admin.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                    " AND application_name = 'tribune'")),
              3);
    EXPECT_EQ(store->count_approved_many({"/pool0", "/pool1", "/pool2"}).value(),
              (std::vector<std::int64_t>{80, 80, 80}));
}

TEST_F(PgStoreTest, WritesAreCommittedWithSynchronousCommitOn) {
    auto store = open(/*pool_size=*/1);
    ASSERT_TRUE(store->insert_comment(new_comment("/d", "durable")).has_value());
    testing::PgAdmin admin(db_.conninfo());
    EXPECT_EQ(admin.query("SELECT count(*) FROM comments WHERE text = 'durable'"), "1");
    EXPECT_EQ(admin.query("SELECT setting FROM pg_settings WHERE name = 'fsync'"), "on");
}

TEST(PgOpenStore, BothUrlSchemesOpenAPgStore) {
    testing::PgTestDatabase db;
    const std::string url = testing::pg_test_server_url();
    const auto scheme_end = url.find("://");
    ASSERT_NE(scheme_end, std::string::npos) << "TRIBUNE_TEST_PG_URL must be a URL";
    // The same server and user, with the test's database as the URL's path.
    const auto path = url.find('/', scheme_end + 3);
    std::string authority = url.substr(scheme_end + 3, path == std::string::npos ? std::string::npos
                                                                                  : path - scheme_end - 3);
    for (const std::string scheme : {"postgres://", "postgresql://"}) {
        std::string u(scheme);
        u += authority;
        u += '/';
        u += db.name();
        auto store = open_store(u);
        ASSERT_TRUE(store.has_value()) << scheme << ": " << store.error().message;
        EXPECT_TRUE((*store)->count_approved("/nowhere").has_value());
        EXPECT_TRUE((*store)->is_empty().value());
    }
}

TEST(PgOpenStore, AnUnreachableServerIsUnavailableAndTheUrlStaysSecret) {
    const auto started = std::chrono::steady_clock::now();
    auto store = open_store("postgres://someone:s3cret@127.0.0.1:1/tribune");
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(store.error().message.find("s3cret"), std::string::npos);
    EXPECT_EQ(store.error().message.find("someone"), std::string::npos);
    EXPECT_EQ(store.error().message.find("127.0.0.1"), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));  // bounded retries
}

}  // namespace
}  // namespace tribune::store::postgres
