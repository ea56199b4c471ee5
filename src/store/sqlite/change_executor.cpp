#include "store/sqlite/change_executor.hpp"

#include <array>
#include <string_view>
#include <type_traits>
#include <variant>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/shared_steps.hpp"

namespace tribune::store::sqlite {
namespace {

// By ChangeStatement, parameters as sql_executor.hpp lists them.
constexpr std::array<std::string_view, kChangeStatementCount> kText{
    "UPDATE comments SET status = ?2 WHERE id = ?1",
    "UPDATE comments SET status = ?2, filter_reason = ?3 WHERE id = ?1",
    "INSERT INTO comment_edits (comment_id, text, replaced_at, edited_by) VALUES (?1, ?2, ?3, ?4)",
    "UPDATE comments SET text = ?2, edited_at = ?3 WHERE id = ?1",
    "UPDATE comments SET status = 'deleted', text = '', author_name = '', author_badge = '', author_verified = 0"
    " WHERE id = ?1",
    "DELETE FROM comment_edits WHERE comment_id = ?1",
    "UPDATE comments SET reply_count = max(reply_count + ?2, 0) WHERE id = ?1",
    "INSERT INTO threads (page, approved_count) VALUES (?1, max(?2, 0))"
    " ON CONFLICT (page) DO UPDATE SET approved_count = max(approved_count + ?2, 0)",
    "INSERT INTO outbox_events (type, subject_id, page, at)"
    " VALUES (?1, ?2, ?3, coalesce(?4, CAST((julianday('now') - 2440587.5) * 86400000000.0 AS INTEGER)))",
};

}  // namespace

domain::Result<domain::Comment> ChangeExecutor::comment_for_update(domain::CommentId id) {
    return comment_by_id(db_, id);
}

domain::Result<void> ChangeExecutor::run(ChangeStatement statement, std::initializer_list<SqlValue> params) {
    auto st = db_.prepare(kText[static_cast<std::size_t>(statement)]);
    if (!st) return st.error();
    int index = 1;
    for (const SqlValue& value : params) {
        std::visit(
            [&](const auto& v) {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<V, std::monostate>) st->bind_null(index);
                else st->bind(index, v);
            },
            value);
        ++index;
    }
    return st->run();
}

}  // namespace tribune::store::sqlite
