#pragma once
// What the comment changes both engines share (common/comment_changes.hpp) need from a
// connection inside a write transaction: run one of a few statements with parameters, and read
// the comment they change. Each engine adapts its connection to it and supplies its own SQL text.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <variant>

#include "domain/comment.hpp"
#include "domain/error.hpp"

namespace tribune::store {

/// The statements of the shared comment changes. Parameters, 1-based, as each engine's text uses
/// them ($n on PostgreSQL, ?n on SQLite).
enum class ChangeStatement {
    kUpdateStatus,       // 1 id, 2 status
    kHoldEdited,         // 1 id, 2 status, 3 filter reason
    kInsertEdit,         // 1 comment id, 2 old text, 3 replaced at (micros), 4 edited by
    kUpdateText,         // 1 id, 2 text, 3 edited at (micros)
    kMarkDeleted,        // 1 id: status deleted, text and author name cleared
    kDeleteEdits,        // 1 comment id
    kAdjustReplyCount,   // 1 parent id, 2 delta
    kAdjustThreadCount,  // 1 page, 2 delta, then 3 the count shard where the engine shards counts
    kRecordEvent,        // 1 type, 2 subject id, 3 page, 4 at (micros; NULL: the database's clock)
};
inline constexpr int kChangeStatementCount = 9;

/// One parameter: SQL NULL, a number or text (borrowed for the call).
using SqlValue = std::variant<std::monostate, std::int64_t, std::string_view>;

/// A connection inside a write transaction, as the shared comment changes use it. Used by one
/// thread, for the length of one transaction.
class SqlExecutor {
public:
    virtual ~SqlExecutor() = default;

    /// The comment with `id`, whatever its status, row-locked until the transaction ends where
    /// the engine has concurrent writers. Errors: kNotFound; the engine's own.
    virtual domain::Result<domain::Comment> comment_for_update(domain::CommentId id) = 0;

    /// Runs `statement` with `params`. Errors: the engine's own.
    virtual domain::Result<void> run(ChangeStatement statement, std::initializer_list<SqlValue> params) = 0;

    /// The row of a page's approved count this connection adds to, where counts are split over
    /// several rows (PostgreSQL); nullopt where a page has one row (SQLite).
    virtual std::optional<std::int64_t> count_shard() const = 0;
};

}  // namespace tribune::store
