#pragma once
// How a SqliteStore body runs: writes as one job of the group-commit writer, reads on a pooled
// read-only connection, both refused at once when the file is known to be unusable.

#include <optional>
#include <utility>

#include "domain/error.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/group_commit_writer.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/store_health.hpp"

namespace tribune::store::sqlite {

// Runs `work(Connection&) -> Result<T>` in the writer's next batch; the value comes back once the
// batch is durable. Refused at once while the database is damaged or its -shm failed.
template <class T, class F>
domain::Result<T> write(GroupCommitWriter& writer, StoreHealth& health, F&& work) {
    if (auto refused = health.refuse_write()) return std::move(*refused);
    std::optional<T> value;
    auto error = writer.run([&](Connection& db) -> std::optional<domain::Error> {
        domain::Result<T> r = work(db);
        if (!r) return r.error();
        value = std::move(*r);
        return std::nullopt;
    });
    if (error) return std::move(*error);
    return std::move(*value);
}

// write() for work that returns Result<void>.
template <class F>
domain::Result<void> write_void(GroupCommitWriter& writer, StoreHealth& health, F&& work) {
    if (auto refused = health.refuse_write()) return std::move(*refused);
    auto error = writer.run([&](Connection& db) -> std::optional<domain::Error> {
        domain::Result<void> r = work(db);
        if (!r) return r.error();
        return std::nullopt;
    });
    if (error) return std::move(*error);
    return {};
}

// Runs `work(Connection&)` on a pooled read-only connection; refused at once when the -shm failed.
template <class F>
auto read(ReadPool& readers, StoreHealth& health, F&& work) -> decltype(work(std::declval<Connection&>())) {
    if (auto refused = health.refuse_read()) return std::move(*refused);
    auto lease = readers.acquire();
    if (!lease) return lease.error();
    return work(**lease);
}

}  // namespace tribune::store::sqlite
