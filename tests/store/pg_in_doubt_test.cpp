// A COMMIT whose answer was lost: what resolve_in_doubt decides, including the case where the
// transaction's id was handed out again after a server crash (a committed id is then someone
// else's commit, not ours).
#include "store/postgres/transaction.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "pg_test_server.hpp"
#include "store/postgres/pg_store.hpp"

namespace tribune::store::postgres {
namespace {

using std::chrono::milliseconds;

class PgInDoubtTest : public ::testing::Test {
protected:
    void SetUp() override {
        PgOptions options;
        options.conninfo = db_.conninfo();
        auto store = PgStore::open(std::move(options));  // applies the migrations
        ASSERT_TRUE(store.has_value()) << store.error().message;
        policy_.in_doubt_wait = milliseconds(3000);
    }

    // A write transaction left open on a connection of its own.
    struct Open {
        ConnectionPool::Lease lease;
        WriteTicket ticket;
    };
    Open begin() {
        Failure failure = Failure::kNone;
        auto lease = pool_.checkout(&failure);
        if (!lease) throw std::runtime_error(lease.error().message);
        auto ticket = begin_write(**lease);
        if (!ticket) throw std::runtime_error(ticket.error().message);
        return Open{std::move(*lease), std::move(*ticket)};
    }

    testing::PgTestDatabase db_;
    ConnectionPool pool_{ConnectionPool::Options{db_.conninfo(), 4}};
    RetryPolicy policy_;
};

TEST_F(PgInDoubtTest, ACommittedTransactionIsFoundByItsReceipt) {
    auto open = begin();
    ASSERT_TRUE(commit(*open.lease).has_value());
    EXPECT_EQ(resolve_in_doubt(pool_, policy_, open.ticket), Outcome::kCommitted);
}

TEST_F(PgInDoubtTest, ARolledBackTransactionIsAborted) {
    auto open = begin();
    rollback(*open.lease);
    EXPECT_EQ(resolve_in_doubt(pool_, policy_, open.ticket), Outcome::kAborted);
}

// After a crash, the id of a transaction whose WAL never reached the disk goes to the next
// transaction; if that one commits, the id reads "committed". Our receipt is what decides.
TEST_F(PgInDoubtTest, AReusedTransactionIdThatCommittedDoesNotVouchForOurs) {
    auto lost = begin();
    rollback(*lost.lease);  // what the crash did to it
    auto other = begin();
    ASSERT_TRUE(commit(*other.lease).has_value());
    WriteTicket reused = lost.ticket;
    reused.xid = other.ticket.xid;
    EXPECT_EQ(resolve_in_doubt(pool_, policy_, reused), Outcome::kAborted);
}

// The crash may also leave the id beyond anything handed out since: pg_xact_status refuses it.
TEST_F(PgInDoubtTest, ATransactionIdFromBeforeACrashThatIsNowInTheFutureIsAborted) {
    auto lost = begin();
    rollback(*lost.lease);
    WriteTicket future = lost.ticket;
    future.xid = std::to_string(std::stoull(lost.ticket.xid) + 1'000'000);
    EXPECT_EQ(resolve_in_doubt(pool_, policy_, future), Outcome::kAborted);
}

TEST_F(PgInDoubtTest, ATransactionStillInProgressIsWaitedFor) {
    for (const bool commits : {true, false}) {
        auto open = begin();
        const auto started = std::chrono::steady_clock::now();
        std::thread finisher([&] {
            std::this_thread::sleep_for(milliseconds(400));
            if (commits) ASSERT_TRUE(commit(*open.lease).has_value());
            else rollback(*open.lease);
        });
        const Outcome outcome = resolve_in_doubt(pool_, policy_, open.ticket);
        finisher.join();
        EXPECT_EQ(outcome, commits ? Outcome::kCommitted : Outcome::kAborted);
        EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(400));
    }
}

TEST_F(PgInDoubtTest, AnOutcomeThatCannotBeLearnedInTimeIsUnknown) {
    auto open = begin();  // never finished while we ask
    policy_.in_doubt_wait = milliseconds(300);
    EXPECT_EQ(resolve_in_doubt(pool_, policy_, open.ticket), Outcome::kUnknown);
    rollback(*open.lease);
}

TEST_F(PgInDoubtTest, ReceiptsOlderThanAnHourArePrunedNowAndThen) {
    testing::PgAdmin admin(db_.conninfo());
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    admin.query("INSERT INTO write_receipts (shard, at, token) VALUES (3, " + std::to_string(now - 7'200'000'000LL) +
                ", 'old'), (15, " + std::to_string(now - 7'200'000'000LL) + ", 'old'), (3, " +
                std::to_string(now - 60'000'000LL) + ", 'recent')");
    auto open = begin();
    ASSERT_TRUE(commit(*open.lease).has_value());
    for (int i = 0; i < 1024; ++i) prune_receipts(*open.lease);  // one in every 1024 commits prunes
    EXPECT_EQ(admin.query("SELECT string_agg(token, ',' ORDER BY at) FROM write_receipts WHERE length(token) < 10"),
              "recent");
    EXPECT_EQ(admin.query("SELECT count(*) FROM write_receipts WHERE token = '" + open.ticket.receipt_token + "'"),
              "1");
}

}  // namespace
}  // namespace tribune::store::postgres
