#pragma once
// Result rows as domain values (store/common/rows.hpp over one row of a PgResult).

#include <cstdint>
#include <optional>
#include <string>

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "store/postgres/pg_result.hpp"

namespace tribune::store::postgres {

/// Row `row` of a result, read by column as store/common/rows.hpp expects.
struct PgRow {
    const PgResult& result;
    int row;

    bool is_null(int col) const { return result.is_null(row, col); }
    std::int64_t int64(int col) const { return result.int64(row, col); }
    std::optional<std::int64_t> optional_int64(int col) const { return result.optional_int64(row, col); }
    std::string text(int col) const { return result.text(row, col); }
};

/// The comment in `row`, whose columns are kCommentColumns from column 0.
domain::Comment read_comment(const PgResult& r, int row);

}  // namespace tribune::store::postgres
