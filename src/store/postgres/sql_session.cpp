#include "store/postgres/sql_session.hpp"

#include <deque>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

#include "store/postgres/connection.hpp"
#include "store/postgres/params.hpp"
#include "store/postgres/pg_result.hpp"
#include "store/postgres/statement.hpp"

namespace tribune::store::postgres {
namespace {

// PostgreSQL's Statement for each PortableSql, made on first use and kept for the process
// (their number is the number of PortableSql constants).
const Statement& statement_for(const PortableSql& sql) {
    static std::mutex mutex;
    static std::vector<std::unique_ptr<Statement>> statements;
    std::lock_guard lock(mutex);
    if (sql.index() >= statements.size()) statements.resize(sql.index() + 1);
    auto& st = statements[sql.index()];
    if (!st) st = std::make_unique<Statement>(dollar_parameters(sql.postgres_sql()));
    return *st;
}

}  // namespace

std::string dollar_parameters(std::string_view sql) {
    std::string out;
    out.reserve(sql.size());
    bool quoted = false;
    for (const char c : sql) {
        if (c == '\'') quoted = !quoted;
        out.push_back(!quoted && c == '?' ? '$' : c);
    }
    return out;
}

domain::Result<SqlRows> PgSession::query(const PortableSql& sql, std::initializer_list<SqlValue> params) {
    Params bound;
    for (const auto& p : params) {
        if (const auto* n = std::get_if<std::int64_t>(&p)) bound.add(*n);
        else if (const auto* t = std::get_if<std::string_view>(&p)) bound.add(*t);
        else bound.add(std::optional<std::int64_t>{});
    }
    auto r = db_.run(statement_for(sql), bound);
    if (!r) return r.error();
    const int columns = r->columns();
    SqlRows rows(columns);
    rows.reserve_rows(r->rows());
    for (int i = 0; i < r->rows(); ++i)
        for (int c = 0; c < columns; ++c) {
            if (r->is_null(i, c)) rows.add_null();
            else rows.add_text(r->text_view(i, c));
        }
    return rows;
}

}  // namespace tribune::store::postgres
