// check_integrity's stop: asked while SQLite walks the b-trees, which is most of a quick_check
// on a large file and where SQLite 3.40 never calls a progress handler.
#include "store/sqlite/integrity_check.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>

#include "store/sqlite/connection.hpp"
#include "temp_dir.hpp"

namespace tribune::store::sqlite {
namespace {

using std::chrono::steady_clock;

class IntegrityCheckTest : public ::testing::Test {
protected:
    // About 130 MB in one table: its b-tree walk takes a while even from the page cache.
    void SetUp() override {
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path().c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw,
                               "CREATE TABLE t (a, b);"
                               "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)"
                               " INSERT INTO t SELECT i, randomblob(300) FROM n;",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
        auto db = Connection::open(path(), OpenMode::kReader, std::chrono::seconds(5));
        ASSERT_TRUE(db.has_value()) << db.error().message;
        db_ = std::move(*db);
    }

    std::string path() const { return (dir_.path() / "big.db").string(); }

    testing::TempDir dir_;
    std::unique_ptr<Connection> db_;
};

TEST_F(IntegrityCheckTest, AStopIsHonouredInsideTheBTreeWalk) {
    const auto started = steady_clock::now();
    auto full = check_integrity(*db_, CheckDepth::kQuick, 1, [] { return false; });
    const auto whole = steady_clock::now() - started;
    ASSERT_TRUE(full.has_value()) << full.error().message;
    EXPECT_TRUE(full->finished);
    EXPECT_TRUE(full->problems.empty());

    // The walk is about a third of the whole check: a stop seen only after it (a progress
    // handler, on SQLite 3.40) takes at least that long; the watchdog's is seen within
    // milliseconds. Three tries, so one stall of a busy machine does not decide.
    std::chrono::nanoseconds best = whole;
    for (int attempt = 0; attempt < 3 && best >= whole / 5; ++attempt) {
        std::atomic<int> asked{0};
        const auto stopped_at = steady_clock::now();
        auto stopped = check_integrity(*db_, CheckDepth::kQuick, 1, [&] {
            ++asked;
            return true;
        });
        best = std::min<std::chrono::nanoseconds>(best, steady_clock::now() - stopped_at);
        ASSERT_TRUE(stopped.has_value()) << stopped.error().message;
        EXPECT_FALSE(stopped->finished);
        EXPECT_TRUE(stopped->problems.empty()) << "a partial walk is no verdict";
        EXPECT_GT(asked.load(), 0);
    }
    EXPECT_LT(best, whole / 5) << "stopped after " << best.count() << " ns at best, of " << whole.count();

    // The connection is not left interrupted: the next check runs to the end.
    auto again = check_integrity(*db_, CheckDepth::kQuick, 1, [] { return false; });
    ASSERT_TRUE(again.has_value());
    EXPECT_TRUE(again->finished);
}

}  // namespace
}  // namespace tribune::store::sqlite
