#include "store/common/sql_session.hpp"

#include <atomic>
#include <charconv>

namespace tribune::store {
namespace {

std::size_t next_index() {
    static std::atomic<std::size_t> next{0};
    return next++;
}

}  // namespace

PortableSql::PortableSql(std::string sql) : sql_(std::move(sql)), index_(next_index()) {}

PortableSql::PortableSql(std::string sqlite_sql, std::string postgres_sql)
    : sql_(std::move(sqlite_sql)), postgres_sql_(std::move(postgres_sql)), index_(next_index()) {}

const std::string& SqlRows::text(int row, int col) const {
    static const std::string kEmpty;
    const auto& cell = cells_[index(row, col)];
    return cell ? *cell : kEmpty;
}

std::int64_t SqlRows::int64(int row, int col) const {
    const auto& cell = cells_[index(row, col)];
    if (!cell) return 0;
    std::int64_t n = 0;
    std::from_chars(cell->data(), cell->data() + cell->size(), n);
    return n;
}

}  // namespace tribune::store
