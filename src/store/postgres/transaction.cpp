#include "store/postgres/transaction.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>
#include <thread>

#include "store/common/migration.hpp"
#include "store/common/store_log.hpp"
#include "store/common/store_metrics.hpp"

namespace tribune::store::postgres {
namespace {

const Statement kXactStatus("SELECT pg_xact_status($1::xid8)");
const Statement kReceipt(
    "SELECT 1 FROM write_receipts WHERE shard = $1::smallint AND at = $2::bigint AND token = $3::text");
const Statement kPruneReceipts(
    "DELETE FROM write_receipts WHERE shard = ANY('{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15}') AND at < $1::bigint");
constexpr std::size_t kReceiptShards = 16;  // as many as kPruneReceipts names

// A COMMIT is in doubt for at most in_doubt_wait (seconds); an hour leaves room for clocks that
// disagree between nodes.
constexpr std::int64_t kReceiptLifeMicros = 3600LL * 1000 * 1000;
constexpr unsigned kPruneEvery = 1024;  // commits

// 128 random bits: unique among every receipt that exists at once.
std::string receipt_token() {
    thread_local std::mt19937_64 rng = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(rng()),
                  static_cast<unsigned long long>(rng()));
    return std::string(hex, 32);
}

enum class Receipt { kFound, kAbsent, kNoAnswer };

Receipt find_receipt(Connection& db, const WriteTicket& ticket) {
    auto r = db.run(kReceipt, Params()
                                  .add(std::int64_t{ticket.receipt_shard})
                                  .add(ticket.receipt_at)
                                  .add(std::string_view(ticket.receipt_token)));
    if (!r) return Receipt::kNoAnswer;
    return r->rows() == 1 ? Receipt::kFound : Receipt::kAbsent;
}

// pg_xact_status's refusal of an id beyond any handed out (invalid_parameter_value).
constexpr std::string_view kXidInTheFuture = "22023";

// Whether the transaction with id `xid` can no longer commit: the id reads as committed or
// aborted (or too old to know, or "in the future" after a crash lost its assignment).
// nullopt when the server did not answer, gave another error, or the id is still in progress.
std::optional<bool> xid_finished(Connection& db, const std::string& xid) {
    db.clear_failure();
    auto r = db.run(kXactStatus, Params().add(std::string_view(xid)));
    if (!r) {
        if (db.sqlstate() == kXidInTheFuture) return true;
        return std::nullopt;
    }
    if (r->rows() != 1 || r->is_null(0, 0)) return true;
    const std::string_view status = r->text_view(0, 0);
    if (status == "committed" || status == "aborted") return true;
    return std::nullopt;
}

Outcome decided(Outcome outcome, const WriteTicket& ticket) {
    log_problem(LogSeverity::kWarning, "pg_in_doubt",
                "transaction " + ticket.xid + ", whose COMMIT got no answer, " +
                    (outcome == Outcome::kCommitted ? "committed" : "rolled back"));
    return outcome;
}

}  // namespace

void backoff(const RetryPolicy& policy, int attempt) {
    using std::chrono::milliseconds;
    const int doublings = std::clamp(attempt - 2, 0, 16);
    const milliseconds base = std::min(policy.first_backoff * (1 << doublings), policy.max_backoff);
    // Jitter spreads out callers that failed together (a restart fails every connection at once).
    thread_local std::minstd_rand rng{std::random_device{}()};
    std::uniform_int_distribution<long long> jitter(0, base.count() / 2);
    std::this_thread::sleep_for(base + milliseconds(jitter(rng)));
}

domain::Result<WriteTicket> begin_write(Connection& db) {
    WriteTicket ticket;
    ticket.receipt_shard = static_cast<int>(db.ordinal() % kReceiptShards);
    ticket.receipt_at = now_micros();
    ticket.receipt_token = receipt_token();
    // Only digits and hex digits made here go into the text: the simple protocol takes no
    // parameters, and it runs all three statements in one round trip.
    const std::string sql = "BEGIN ISOLATION LEVEL READ COMMITTED; INSERT INTO write_receipts (shard, at, token) VALUES (" +
                            std::to_string(ticket.receipt_shard) + ", " + std::to_string(ticket.receipt_at) + ", '" +
                            ticket.receipt_token +
                            "'); SELECT pg_current_xact_id()";
    auto r = db.exec(sql.c_str());
    if (!r) return r.error();
    ticket.xid = r->text(0, 0);
    return ticket;
}

domain::Result<void> commit(Connection& db) {
    const auto started = std::chrono::steady_clock::now();
    auto r = db.exec("COMMIT");
    if (!r) return r.error();
    // COMMIT of a transaction that failed earlier answers ROLLBACK, not an error.
    if (r->command_tag() != "COMMIT") {
        log_problem(LogSeverity::kError, "pg_commit_refused", "COMMIT answered " + std::string(r->command_tag()));
        return unavailable_error();
    }
    store_metrics().committed(1, started);
    return {};
}

void rollback(Connection& db) {
    if (!db.usable()) return;
    // If this fails, the connection reads as unusable or still in a transaction: the pool drops it.
    (void)db.exec("ROLLBACK");
}

Outcome resolve_in_doubt(ConnectionPool& pool, const RetryPolicy& policy, const WriteTicket& ticket) {
    const auto deadline = std::chrono::steady_clock::now() + policy.in_doubt_wait;
    for (int attempt = 1;; ++attempt) {
        Failure failure = Failure::kNone;
        if (auto lease = pool.checkout(&failure)) {
            Connection& db = **lease;
            const Receipt before = find_receipt(db, ticket);
            if (before == Receipt::kFound) return decided(Outcome::kCommitted, ticket);
            if (before == Receipt::kAbsent && xid_finished(db, ticket.xid).value_or(false)) {
                // Ours may have committed between the two questions: ask for the receipt again.
                const Receipt after = find_receipt(db, ticket);
                if (after == Receipt::kFound) return decided(Outcome::kCommitted, ticket);
                if (after == Receipt::kAbsent) return decided(Outcome::kAborted, ticket);
            }
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            log_problem(LogSeverity::kError, "pg_in_doubt", "outcome of transaction " + ticket.xid + " unknown");
            return Outcome::kUnknown;
        }
        backoff(policy, std::min(attempt + 1, 4));
    }
}

void prune_receipts(Connection& db) {
    static std::atomic<unsigned> commits{0};
    if (commits.fetch_add(1, std::memory_order_relaxed) % kPruneEvery != kPruneEvery - 1) return;
    (void)db.run(kPruneReceipts, Params().add(now_micros() - kReceiptLifeMicros));
}

}  // namespace tribune::store::postgres
