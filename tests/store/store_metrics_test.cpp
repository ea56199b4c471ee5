// What the SQLite writer records for /metrics: commits with their batches, queued writes, errors.

#include "store/common/store_metrics.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/group_commit_writer.hpp"
#include "temp_dir.hpp"

namespace tribune::store::sqlite {
namespace {

using namespace std::chrono_literals;

std::optional<domain::Error> insert(Connection& db, std::int64_t x) {
    auto st = db.prepare("INSERT INTO t (x) VALUES (?1)");
    if (!st) return st.error();
    st->bind(1, x);
    auto ok = st->run();
    if (!ok) return ok.error();
    return std::nullopt;
}

TEST(StoreMetrics, CommitsCountTheirWritesAndConstraintErrorsTheirKind) {
    testing::TempDir dir;
    auto db = Connection::open((dir.path() / "m.db").string(), OpenMode::kWriter, 5000ms);
    ASSERT_TRUE(db.has_value());
    ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)").has_value());
    auto& m = store_metrics();
    const auto commits = m.commit_writes.count();
    const auto writes = m.commit_writes.snapshot().sum;
    const auto constraint = m.constraint_errors.value();
    {
        GroupCommitWriter writer(std::move(*db), 64);
        std::vector<std::thread> writers;
        for (int i = 0; i < 8; ++i)
            writers.emplace_back([&writer, i] { EXPECT_FALSE(writer.run([i](Connection& c) { return insert(c, i); })); });
        for (auto& t : writers) t.join();
        EXPECT_TRUE(writer.run([](Connection& c) { return insert(c, 0); }));  // a duplicate
        EXPECT_EQ(m.writes_waiting.value(), 0);
    }
    EXPECT_GE(m.commit_writes.count(), commits + 1);
    EXPECT_LE(m.commit_writes.count(), commits + 9);  // at most one commit per write
    // Every write, the refused one too, is in exactly one commit's batch.
    EXPECT_EQ(m.commit_writes.snapshot().sum - writes, 9u);
    EXPECT_EQ(m.commit_seconds.count() - commits, m.commit_writes.count() - commits);
    EXPECT_EQ(m.constraint_errors.value(), constraint + 1);
}

}  // namespace
}  // namespace tribune::store::sqlite
