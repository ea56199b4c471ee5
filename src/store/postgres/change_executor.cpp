#include "store/postgres/change_executor.hpp"

#include <array>
#include <string_view>
#include <type_traits>
#include <variant>

#include "store/common/store_errors.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"

namespace tribune::store::postgres {
namespace {

// By ChangeStatement, parameters as sql_executor.hpp lists them.
const std::array<Statement, kChangeStatementCount>& statements() {
    static const std::array<Statement, kChangeStatementCount> all{
        Statement("UPDATE comments SET status = $2::text WHERE id = $1::bigint"),
        Statement("UPDATE comments SET status = $2::text, filter_reason = $3::text WHERE id = $1::bigint"),
        Statement("INSERT INTO comment_edits (comment_id, text, replaced_at, edited_by)"
                  " VALUES ($1::bigint, $2::text, $3::bigint, $4::text)"),
        Statement("UPDATE comments SET text = $2::text, edited_at = $3::bigint WHERE id = $1::bigint"),
        Statement("UPDATE comments SET status = 'deleted', text = '', author_name = '', author_badge = '',"
                  " author_verified = 0 WHERE id = $1::bigint"),
        Statement("DELETE FROM comment_edits WHERE comment_id = $1::bigint"),
        Statement("UPDATE comments SET reply_count = greatest(reply_count + $2::bigint, 0) WHERE id = $1::bigint"),
        Statement("INSERT INTO threads (page, shard, approved_count) VALUES ($1::text, $3::smallint, $2::bigint)"
                  " ON CONFLICT (page, shard) DO UPDATE SET approved_count = threads.approved_count + $2::bigint"),
        Statement("INSERT INTO outbox_events (type, subject_id, page, at) VALUES ($1::text, $2::bigint, $3::text,"
                  " coalesce($4::bigint, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint))"),
    };
    return all;
}

}  // namespace

std::int64_t count_shard(const Connection& db) { return static_cast<std::int64_t>(db.ordinal() % kCountShards); }

domain::Result<domain::Comment> ChangeExecutor::comment_for_update(domain::CommentId id) {
    auto r = db_.run(sql::lock_comment(), Params().add(id));
    if (!r) return r.error();
    if (r->rows() == 0) return comment_not_found();
    return read_comment(*r, 0);
}

domain::Result<void> ChangeExecutor::run(ChangeStatement statement, std::initializer_list<SqlValue> params) {
    Params values;
    for (const SqlValue& value : params) {
        std::visit(
            [&](const auto& v) {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<V, std::monostate>) values.add(std::optional<std::int64_t>());
                else values.add(v);
            },
            value);
    }
    auto r = db_.run(statements()[static_cast<std::size_t>(statement)], values);
    if (!r) return r.error();
    return {};
}

std::optional<std::int64_t> ChangeExecutor::count_shard() const { return postgres::count_shard(db_); }

}  // namespace tribune::store::postgres
