#include "store/sqlite/sql_session.hpp"

#include <variant>

#include "store/sqlite/connection.hpp"

namespace tribune::store::sqlite {

domain::Result<SqlRows> SqliteSession::query(const PortableSql& sql, std::initializer_list<SqlValue> params) {
    auto st = db_.prepare(sql.sql());
    if (!st) return st.error();
    int index = 1;
    for (const auto& p : params) {
        if (const auto* n = std::get_if<std::int64_t>(&p)) st->bind(index, *n);
        else if (const auto* t = std::get_if<std::string_view>(&p)) st->bind(index, *t);
        else st->bind_null(index);
        ++index;
    }
    SqlRows rows(st->column_count());
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) return rows;
        for (int c = 0; c < st->column_count(); ++c) {
            if (st->is_null(c)) rows.add_null();
            else rows.add_text(st->text_view(c));
        }
    }
}

}  // namespace tribune::store::sqlite
