#pragma once
// One read transaction around several statements, so they all see one committed state.

#include "store/sqlite/connection.hpp"

namespace tribune::store::sqlite {

/// Runs `f() -> Result<T>` between BEGIN and COMMIT on a read connection; rolls back when it
/// fails. Not for the writer, whose jobs already run inside the batch's transaction.
template <class F>
auto in_snapshot(Connection& db, F&& f) -> decltype(f()) {
    if (auto begin = db.run("BEGIN"); !begin) return begin.error();
    // Rolled back however `f` ends but a commit, a throw included: the connection goes back to
    // the pool outside any transaction (one left open would pin the WAL and freeze its reads).
    struct Rollback {
        Connection& db;
        bool armed = true;
        ~Rollback() {
            if (armed) (void)db.run("ROLLBACK");
        }
    } rollback{db};
    auto result = f();
    if (!result) return result;
    rollback.armed = false;
    if (auto commit = db.run("COMMIT"); !commit) {
        rollback.armed = true;
        return commit.error();
    }
    return result;
}

}  // namespace tribune::store::sqlite
