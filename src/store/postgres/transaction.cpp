#include "store/postgres/transaction.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "store/common/store_log.hpp"
#include "store/common/store_metrics.hpp"

namespace tribune::store::postgres {
namespace {

const Statement kXactStatus("SELECT pg_xact_status($1::xid8)");

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

domain::Result<std::string> begin_write(Connection& db) {
    // pg_current_xact_id() also assigns the transaction id now, so it can be looked up later.
    auto r = db.exec("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_current_xact_id()");
    if (!r) return r.error();
    return r->text(0, 0);
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

Outcome resolve_in_doubt(ConnectionPool& pool, const RetryPolicy& policy, const std::string& xid) {
    const auto deadline = std::chrono::steady_clock::now() + policy.in_doubt_wait;
    for (int attempt = 1;; ++attempt) {
        Failure failure = Failure::kNone;
        if (auto lease = pool.checkout(&failure)) {
            auto r = (*lease)->run(kXactStatus, Params().add(std::string_view(xid)));
            if (r && r->rows() == 1) {
                if (r->is_null(0, 0)) return Outcome::kUnknown;  // too old to know
                const std::string_view status = r->text_view(0, 0);
                if (status == "committed" || status == "aborted") {
                    log_problem(LogSeverity::kWarning, "pg_in_doubt",
                                "transaction " + xid + ", whose COMMIT got no answer, " +
                                    (status == "committed" ? "committed" : "rolled back"));
                    return status == "committed" ? Outcome::kCommitted : Outcome::kAborted;
                }
                // "in progress": the old backend has not finished with it yet.
            }
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            log_problem(LogSeverity::kError, "pg_in_doubt", "outcome of transaction " + xid + " unknown");
            return Outcome::kUnknown;
        }
        backoff(policy, std::min(attempt + 1, 4));
    }
}

}  // namespace tribune::store::postgres
