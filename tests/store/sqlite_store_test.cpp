// SqliteStore specifics the contract cannot see: query plans, cost at scale, migrations.
#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/queries.hpp"
#include "temp_dir.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::CommentStatus;
using domain::SortOrder;
using sql::ListScope;
using sql::Visibility;

// A raw connection to look inside the file, as an operator with the sqlite3 shell would.
class RawDb {
public:
    explicit RawDb(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
            ADD_FAILURE() << "cannot open " << path;
        sqlite3_busy_timeout(db_, 5000);
    }
    ~RawDb() { sqlite3_close_v2(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    void exec(const std::string& sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK)
            ADD_FAILURE() << err << " in " << sql;
        sqlite3_free(err);
    }

    // Every row's columns as text, joined by '|'.
    std::vector<std::string> rows(const std::string& sql) {
        std::vector<std::string> out;
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
            ADD_FAILURE() << sqlite3_errmsg(db_) << " in " << sql;
            return out;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            std::string row;
            for (int i = 0; i < sqlite3_column_count(st); ++i) {
                if (i > 0) row += '|';
                const auto* t = sqlite3_column_text(st, i);
                row += t ? reinterpret_cast<const char*>(t) : "NULL";
            }
            out.push_back(row);
        }
        sqlite3_finalize(st);
        return out;
    }

    // Runs a list query (parameters as in sql::list_comments) and returns how many virtual-machine
    // steps it took: the work done, independent of the machine's speed.
    int list_cost(const std::string& sql, const std::string& page, SortOrder order, int limit,
                  int* rows_out) {
        sqlite3_stmt* st = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
        sqlite3_bind_text(st, 1, page.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2,
                           order == SortOrder::kNewest ? std::numeric_limits<sqlite3_int64>::max() : 0);
        sqlite3_bind_int64(st, 3, limit);
        sqlite3_bind_text(st, 4, "", -1, SQLITE_STATIC);
        sqlite3_bind_null(st, 5);
        int rows = 0;
        while (sqlite3_step(st) == SQLITE_ROW) ++rows;
        *rows_out = rows;
        const int cost = sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0);
        sqlite3_finalize(st);
        return cost;
    }

private:
    sqlite3* db_ = nullptr;
};

class SqliteStoreTest : public ::testing::Test {
protected:
    std::unique_ptr<SqliteStore> open() {
        SqliteOptions options;
        options.path = path();
        auto store = SqliteStore::open(options);
        EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().message);
        return store ? std::move(*store) : nullptr;
    }
    std::string path() const { return (dir_.path() / "tribune.db").string(); }

    testing::TempDir dir_;
};

const ListScope kScopes[] = {ListScope::kTopLevel, ListScope::kReplies};
const SortOrder kOrders[] = {SortOrder::kOldest, SortOrder::kNewest};
const Visibility kVisibilities[] = {Visibility::kDefault, Visibility::kOneStatus, Visibility::kAll};

TEST(SqliteQueries, EveryListQueryKeepsItsParameterContract) {
    for (auto scope : kScopes)
        for (auto order : kOrders)
            for (auto vis : kVisibilities) {
                const std::string& q = sql::list_comments(scope, order, vis);
                EXPECT_NE(q.find("?1"), std::string::npos) << q;
                EXPECT_NE(q.find("?2"), std::string::npos) << q;
                EXPECT_NE(q.find("LIMIT ?3"), std::string::npos) << q;
                EXPECT_EQ(q.find("?4") != std::string::npos, vis != Visibility::kAll) << q;
                EXPECT_EQ(q.find("?5") != std::string::npos, vis == Visibility::kDefault) << q;
            }
}

// Every list query walks an index in key order: no full scan, no sort, whatever LIMIT asks.
void expect_indexed_plans(RawDb& raw) {
    for (auto scope : kScopes)
        for (auto order : kOrders)
            for (auto vis : kVisibilities) {
                const std::string& q = sql::list_comments(scope, order, vis);
                const auto plan = raw.rows("EXPLAIN QUERY PLAN " + q);
                ASSERT_FALSE(plan.empty());
                for (const std::string& line : plan) {
                    SCOPED_TRACE(q);
                    EXPECT_EQ(line.find("SCAN comments"), std::string::npos) << line;
                    EXPECT_EQ(line.find("TEMP B-TREE"), std::string::npos) << line;
                    EXPECT_NE(line.find("SEARCH comments USING INDEX"), std::string::npos) << line;
                }
            }
}

TEST_F(SqliteStoreTest, ListQueriesSearchAnIndexInKeyOrder) {
    auto store = open();
    ASSERT_NE(store, nullptr);
    RawDb raw(path());
    expect_indexed_plans(raw);
}

TEST_F(SqliteStoreTest, FirstPageOfAHugeThreadCostsWhatASmallOneCosts) {
    auto store = open();
    ASSERT_NE(store, nullptr);
    {
        // Bulk rows straight into the file: 100,000 group commits would only slow the test down.
        RawDb raw(path());
        raw.exec("BEGIN");
        raw.exec(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
            " INSERT INTO comments (page, author_name, author_role, text, status, created_at)"
            " SELECT CASE WHEN i % 1000 = 0 THEN '/small' ELSE '/huge' END, 'n', 'reader', 't',"
            " CASE WHEN i % 7 = 0 THEN 'pending' ELSE 'approved' END, i FROM n");
        raw.exec("COMMIT");
        raw.exec("ANALYZE");  // the plan must stay good once real statistics exist, too
    }
    RawDb raw(path());
    expect_indexed_plans(raw);
    ASSERT_EQ(raw.rows("SELECT count(*) FROM comments WHERE page = '/small'"),
              std::vector<std::string>{"100"});
    for (auto order : kOrders)
        for (auto vis : {Visibility::kDefault, Visibility::kAll}) {
            const std::string& q = sql::list_comments(ListScope::kTopLevel, order, vis);
            int small_rows = 0, huge_rows = 0;
            const int small = raw.list_cost(q, "/small", order, 21, &small_rows);
            const int huge = raw.list_cost(q, "/huge", order, 21, &huge_rows);
            EXPECT_EQ(small_rows, 21);
            EXPECT_EQ(huge_rows, 21);
            EXPECT_LT(huge, small * 2) << q << "\nsmall: " << small << " steps, huge: " << huge;
        }

    ListQuery first;
    first.limit = 20;
    auto page = store->list_comments("/huge", first);
    ASSERT_TRUE(page.has_value());
    EXPECT_EQ(page->comments.size(), 20u);
    EXPECT_TRUE(page->has_more);
    EXPECT_EQ(page->comments.front().id, 1);
}

TEST_F(SqliteStoreTest, MigrationsAreAppliedOnceAndRecorded) {
    open().reset();
    open().reset();
    RawDb raw(path());
    std::vector<std::string> expected;
    for (const Migration& m : migrations())
        expected.push_back(std::to_string(m.version) + "|" + std::string(m.name));
    EXPECT_EQ(raw.rows("SELECT version, name FROM schema_migrations ORDER BY version"), expected);
    EXPECT_EQ(raw.rows("PRAGMA journal_mode"), std::vector<std::string>{"wal"});
    EXPECT_EQ(raw.rows("PRAGMA integrity_check"), std::vector<std::string>{"ok"});
}

TEST_F(SqliteStoreTest, MigrationVersionsAreConsecutive) {
    int expected = 1;
    for (const Migration& m : migrations()) {
        EXPECT_EQ(m.version, expected++);
        char prefix[8];
        std::snprintf(prefix, sizeof prefix, "%04d_", m.version);
        EXPECT_TRUE(m.name.starts_with(prefix)) << m.name;
    }
}

// A store from before reader identity (version 16) keeps its rows: accounts not verified and
// without a badge, comments without either, policies without a sign-in rule; the new tables work.
TEST_F(SqliteStoreTest, ReaderIdentityMigratesAStoreFromTheVersionBefore) {
    {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path().c_str(), &raw), SQLITE_OK);
        std::string sql =
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at INTEGER NOT NULL);";
        for (const Migration& m : migrations()) {
            if (m.version >= 17) break;
            sql += m.sql;
            sql += "INSERT INTO schema_migrations VALUES (" + std::to_string(m.version) + ", '" + std::string(m.name) +
                   "', 0);";
        }
        sql +=
            "INSERT INTO users (email, name, role, password_hash, created_at) VALUES ('ada@example.org', 'Ada',"
            " 'reader', '', 1);"
            "INSERT INTO comments (page, author_name, author_role, author_user_id, text, status, created_at)"
            " VALUES ('/p', 'Ada', 'reader', 1, 'hi', 'approved', 1);"
            "INSERT INTO thread_policies (page, closed) VALUES ('/p', 1);";
        char* err = nullptr;
        const int rc = sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, &err);
        EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
        sqlite3_free(err);
        sqlite3_close(raw);
        ASSERT_EQ(rc, SQLITE_OK);
    }
    auto store = open();
    ASSERT_NE(store, nullptr);
    const domain::User ada = store->get_user(1).value();
    EXPECT_EQ(ada.email, "ada@example.org");
    EXPECT_FALSE(ada.email_verified);
    EXPECT_EQ(ada.badge, "");
    const domain::Comment c = store->get_comment(1).value();
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

TEST_F(SqliteStoreTest, RefusesASchemaNewerThanThisBuild) {
    open().reset();
    {
        RawDb raw(path());
        raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future', 0)");
    }
    SqliteOptions options;
    options.path = path();
    auto store = SqliteStore::open(options);
    ASSERT_FALSE(store.has_value());
    EXPECT_EQ(store.error().code, domain::ErrorCode::kUnavailable);
}

TEST_F(SqliteStoreTest, ConcurrentWritersShareCommits) {
    auto store = open();
    ASSERT_NE(store, nullptr);
    constexpr int kThreads = 32;
    constexpr int kEach = 20;
    const std::size_t before = store->batches_committed();
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kEach; ++i) {
                domain::NewComment c;
                c.page = "/p";
                c.author.name = "n";
                c.text = "t";
                c.status = CommentStatus::kApproved;
                if (store->insert_comment(c)) ++ok;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(ok.load(), kThreads * kEach);
    const std::size_t batches = store->batches_committed() - before;
    EXPECT_GE(batches, 1u);
    EXPECT_LE(batches, static_cast<std::size_t>(kThreads * kEach));
    EXPECT_EQ(store->count_approved("/p").value(), kThreads * kEach);
}

}  // namespace
}  // namespace tribune::store::sqlite
