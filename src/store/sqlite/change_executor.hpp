#pragma once
// A writer connection as the shared comment changes (common/comment_changes.hpp) use it, with
// SQLite's text for their statements.

#include <cstdint>
#include <initializer_list>
#include <optional>

#include "store/common/sql_executor.hpp"

namespace tribune::store::sqlite {

class Connection;

/// SqlExecutor over the writer's connection, inside its job's savepoint. The writer is the only
/// writer, so reading a comment needs no lock, and a page's count is one row.
class ChangeExecutor final : public SqlExecutor {
public:
    explicit ChangeExecutor(Connection& db) : db_(db) {}

    domain::Result<domain::Comment> comment_for_update(domain::CommentId id) override;
    domain::Result<void> run(ChangeStatement statement, std::initializer_list<SqlValue> params) override;
    std::optional<std::int64_t> count_shard() const override { return std::nullopt; }

private:
    Connection& db_;
};

}  // namespace tribune::store::sqlite
