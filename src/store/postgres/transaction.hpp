#pragma once
// Running reads and write transactions on pooled connections, with bounded retries.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "domain/error.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/connection_pool.hpp"
#include "store/postgres/pg_error.hpp"
#include "store/postgres/retry_policy.hpp"

namespace tribune::store::postgres {

/// Sleeps before attempt `attempt` (2, 3, ...) as `policy` says.
void backoff(const RetryPolicy& policy, int attempt);

/// What identifies a write transaction afterwards: its id, and the receipt it inserted
/// (write_receipts, migration 0005), which only a commit of this very transaction makes visible.
struct WriteTicket {
    std::string xid;
    int receipt_shard = 0;
    std::int64_t receipt_at = 0;
    std::string receipt_token;  // 32 hex digits
};

/// Opens a READ COMMITTED write transaction, inserts its receipt and returns the ticket, so that
/// a COMMIT whose answer is lost can be resolved later. One round trip.
domain::Result<WriteTicket> begin_write(Connection& db);

/// Commits. Errors: kUnavailable when the connection fails (the outcome is then unknown:
/// db.failure() is kBroken) or the server refuses (it rolled back).
domain::Result<void> commit(Connection& db);

/// Rolls back if the connection still works; a connection where that fails is left unusable.
void rollback(Connection& db);

/// What became of a transaction whose COMMIT got no answer.
enum class Outcome { kCommitted, kAborted, kUnknown };

/// Asks the server (on another connection) whether the transaction of `ticket` committed: its
/// receipt is visible once it did; it is known never to become visible once the transaction id
/// reads as finished (committed or aborted: after a crash the id may belong to another
/// transaction, which only tells that ours is over). Waits while the id is still in progress, up
/// to policy.in_doubt_wait.
Outcome resolve_in_doubt(ConnectionPool& pool, const RetryPolicy& policy, const WriteTicket& ticket);

/// Now and then deletes receipts old enough that no COMMIT can still be in doubt. Best effort,
/// outside any transaction, on a connection that just committed.
void prune_receipts(Connection& db);

/// Runs `work(Connection&) -> Result<T>` outside any explicit transaction (each statement is its
/// own snapshot). Transient failures are retried on a fresh connection; domain errors come back
/// as they are. Errors: work's own, or kUnavailable.
template <class T, class F>
domain::Result<T> run_read(ConnectionPool& pool, const RetryPolicy& policy, F&& work) {
    for (int attempt = 1;; ++attempt) {
        if (attempt > 1) backoff(policy, attempt);
        const bool last = attempt >= policy.max_attempts;
        Failure failure = Failure::kNone;
        auto lease = pool.checkout(&failure);
        if (!lease) {
            if (is_transient(failure) && !last) continue;
            return lease.error();
        }
        Connection& db = **lease;
        db.clear_failure();
        domain::Result<T> result = work(db);
        if (result || !is_transient(db.failure()) || last) return result;
    }
}

/// Runs `work(Connection&) -> Result<T>` in one write transaction and commits it; the value is
/// returned only once the commit is durable. A domain error from `work` rolls back and comes
/// back as it is. Transient failures roll back and retry from the start. When the connection is
/// lost during COMMIT, the transaction's fate is looked up: committed -> the value, rolled back
/// -> retry, unknown -> kUnavailable. So the caller never gets an error for a write that took
/// effect, nor a value for one that did not (up to in_doubt_wait). Errors: work's own, or
/// kUnavailable.
template <class T, class F>
domain::Result<T> run_write(ConnectionPool& pool, const RetryPolicy& policy, F&& work) {
    for (int attempt = 1;; ++attempt) {
        if (attempt > 1) backoff(policy, attempt);
        const bool last = attempt >= policy.max_attempts;
        std::optional<T> value;
        WriteTicket ticket;
        bool in_doubt = false;
        Failure failure = Failure::kNone;
        // The lease ends with this block, so a broken connection is discarded before any lookup.
        std::optional<domain::Error> error = [&]() -> std::optional<domain::Error> {
            auto lease = pool.checkout(&failure);
            if (!lease) return lease.error();
            Connection& db = **lease;
            db.clear_failure();
            auto begun = begin_write(db);
            if (!begun) {
                failure = db.failure();
                return begun.error();
            }
            ticket = std::move(*begun);
            domain::Result<T> result = work(db);
            if (!result) {
                failure = db.failure();
                rollback(db);
                return result.error();
            }
            value = std::move(*result);
            if (auto ok = commit(db); !ok) {
                failure = db.failure();
                in_doubt = failure == Failure::kBroken;
                return ok.error();
            }
            prune_receipts(db);
            return std::nullopt;
        }();
        if (!error) return std::move(*value);
        if (in_doubt) {
            switch (resolve_in_doubt(pool, policy, ticket)) {
                case Outcome::kCommitted: return std::move(*value);
                case Outcome::kAborted: break;  // nothing happened: safe to try again
                case Outcome::kUnknown: return unavailable_error();
            }
        }
        if (!is_transient(failure) || last) return std::move(*error);
    }
}

/// run_write for work that returns Result<void>: run_write carries a value, so an empty one.
template <class F>
domain::Result<void> run_write_void(ConnectionPool& pool, const RetryPolicy& policy, F&& work) {
    struct Done {};
    auto r = run_write<Done>(pool, policy, [&](Connection& db) -> domain::Result<Done> {
        if (auto ok = work(db); !ok) return ok.error();
        return Done{};
    });
    if (!r) return r.error();
    return {};
}

}  // namespace tribune::store::postgres
