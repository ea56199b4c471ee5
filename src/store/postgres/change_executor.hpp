#pragma once
// A connection inside a write transaction as the shared comment changes
// (common/comment_changes.hpp) use it, with PostgreSQL's text for their statements.

#include <cstdint>
#include <initializer_list>
#include <optional>

#include "store/common/sql_executor.hpp"

namespace tribune::store::postgres {

class Connection;

/// Rows a page's approved count is split over (migrations.cpp, threads). About the pool size: two
/// connections of one node rarely share a row.
inline constexpr std::int64_t kCountShards = 16;

/// The count row this connection adds to.
std::int64_t count_shard(const Connection& db);

/// SqlExecutor over a connection inside run_write's transaction. Comments are row-locked (FOR NO
/// KEY UPDATE) before they change, as other connections write too.
class ChangeExecutor final : public SqlExecutor {
public:
    explicit ChangeExecutor(Connection& db) : db_(db) {}

    domain::Result<domain::Comment> comment_for_update(domain::CommentId id) override;
    domain::Result<void> run(ChangeStatement statement, std::initializer_list<SqlValue> params) override;
    std::optional<std::int64_t> count_shard() const override;

private:
    Connection& db_;
};

}  // namespace tribune::store::postgres
