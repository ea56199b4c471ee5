#pragma once
// One read transaction around several statements, so they all see one committed state.

#include "store/sqlite/connection.hpp"

namespace tribune::store::sqlite {

/// Runs `f() -> Result<T>` between BEGIN and COMMIT on a read connection; rolls back when it
/// fails. Not for the writer, whose jobs already run inside the batch's transaction.
template <class F>
auto in_snapshot(Connection& db, F&& f) -> decltype(f()) {
    if (auto begin = db.run("BEGIN"); !begin) return begin.error();
    auto result = f();
    if (!result) {
        (void)db.run("ROLLBACK");
        return result;
    }
    if (auto commit = db.run("COMMIT"); !commit) return commit.error();
    return result;
}

}  // namespace tribune::store::sqlite
