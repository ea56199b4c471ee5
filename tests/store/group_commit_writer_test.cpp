#include "store/sqlite/group_commit_writer.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/connection.hpp"
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

class GroupCommitWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto db = Connection::open(path(), OpenMode::kWriter, 5000ms);
        ASSERT_TRUE(db.has_value());
        ASSERT_TRUE((*db)->exec("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)").has_value());
        writer_.emplace(std::move(*db), 512);
    }

    std::string path() const { return (dir_.path() / "w.db").string(); }

    std::vector<std::int64_t> committed_rows() {
        auto db = Connection::open(path(), OpenMode::kReader, 5000ms);
        EXPECT_TRUE(db.has_value());
        std::vector<std::int64_t> xs;
        auto st = (*db)->prepare("SELECT x FROM t ORDER BY x");
        EXPECT_TRUE(st.has_value());
        while (st->step().value()) xs.push_back(st->int64(0));
        return xs;
    }

    // Holds the writer inside a job until `n` more jobs are queued, so they form one batch.
    // Returns once the writer is held.
    std::thread hold_until_queued(std::size_t n) {
        held_ = false;
        std::thread holder([this, n] {
            auto error = writer_->run([this, n](Connection& db) {
                held_ = true;
                const auto deadline = std::chrono::steady_clock::now() + 30s;
                while (writer_->queued_jobs() < n && std::chrono::steady_clock::now() < deadline)
                    std::this_thread::yield();
                return insert(db, 0);
            });
            EXPECT_FALSE(error.has_value());
        });
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (!held_ && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
        EXPECT_TRUE(held_);
        return holder;
    }

    testing::TempDir dir_;
    std::optional<GroupCommitWriter> writer_;
    std::atomic<bool> held_{false};
};

TEST_F(GroupCommitWriterTest, QueuedJobsCommitTogetherAndAFailingOneRollsBackAlone) {
    constexpr int kJobs = 10;
    std::thread holder = hold_until_queued(kJobs);
    std::vector<std::optional<domain::Error>> results(kJobs + 1);
    bool threw = false;
    std::vector<std::thread> callers;
    for (int i = 1; i <= kJobs; ++i) {
        callers.emplace_back([&, i] {
            if (i == 4) {  // writes, then fails: its row must go, the others stay
                results[i] = writer_->run([&](Connection& db) -> std::optional<domain::Error> {
                    if (auto e = insert(db, 400)) return e;
                    return domain::make_error(domain::ErrorCode::kConflict, "no");
                });
                return;
            }
            if (i == 7) {  // a bug: the exception reaches its caller, the row goes
                try {
                    (void)writer_->run([&](Connection& db) -> std::optional<domain::Error> {
                        (void)insert(db, 700);
                        throw std::logic_error("bug");
                    });
                } catch (const std::logic_error&) {
                    threw = true;
                }
                return;
            }
            if (i == 9) {  // a constraint error from SQLite itself
                results[i] = writer_->run([&](Connection& db) { return insert(db, 0); });
                return;
            }
            results[i] = writer_->run([&](Connection& db) { return insert(db, i); });
        });
    }
    for (auto& t : callers) t.join();
    holder.join();

    EXPECT_TRUE(threw);
    ASSERT_TRUE(results[4].has_value());
    EXPECT_EQ(results[4]->code, domain::ErrorCode::kConflict);
    ASSERT_TRUE(results[9].has_value());
    EXPECT_EQ(results[9]->code, domain::ErrorCode::kConflict);
    for (int i : {1, 2, 3, 5, 6, 8, 10}) EXPECT_FALSE(results[i].has_value()) << i;
    EXPECT_EQ(committed_rows(), (std::vector<std::int64_t>{0, 1, 2, 3, 5, 6, 8, 10}));
    EXPECT_EQ(writer_->batches_committed(), 2u);  // the holder's batch, then all ten together
}

TEST_F(GroupCommitWriterTest, BatchesAreCappedAtMaxBatchJobs) {
    writer_.reset();
    auto db = Connection::open(path(), OpenMode::kWriter, 5000ms);
    ASSERT_TRUE(db.has_value());
    writer_.emplace(std::move(*db), 3);

    std::thread holder = hold_until_queued(7);
    std::vector<std::thread> callers;
    for (int i = 1; i <= 7; ++i)
        callers.emplace_back(
            [&, i] { EXPECT_FALSE(writer_->run([&](Connection& c) { return insert(c, i); })); });
    for (auto& t : callers) t.join();
    holder.join();
    EXPECT_EQ(committed_rows(), (std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(writer_->batches_committed(), 4u);  // 1 (holder), then 3 + 3 + 1
}

}  // namespace
}  // namespace tribune::store::sqlite
