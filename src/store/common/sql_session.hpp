#pragma once
// What the steps both engines share (common/article_steps.hpp) need from a connection: run a
// statement written once in the SQL both engines understand, and read its rows. Each engine
// adapts its connection to it; the steps never see which engine they run on.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/common/sql_executor.hpp"

namespace tribune::store {

/// A statement in the SQL both engines run: ?1, ?2... parameters, CAST(?n AS BIGINT|TEXT)
/// where a type cannot be inferred, standard ON CONFLICT and RETURNING. Declared once, as a
/// namespace-scope constant, so each engine can prepare it once per connection by its index.
class PortableSql {
public:
    explicit PortableSql(std::string sql);
    /// For the rare statement whose text must differ: SQLite's, then PostgreSQL's (still ?n).
    PortableSql(std::string sqlite_sql, std::string postgres_sql);
    PortableSql(const PortableSql&) = delete;
    PortableSql& operator=(const PortableSql&) = delete;

    const std::string& sql() const { return sql_; }
    const std::string& postgres_sql() const { return postgres_sql_.empty() ? sql_ : postgres_sql_; }
    std::size_t index() const { return index_; }

private:
    std::string sql_;
    std::string postgres_sql_;
    std::size_t index_;
};

/// The rows a statement returned, every cell as text (or NULL).
class SqlRows {
public:
    SqlRows() = default;
    explicit SqlRows(int columns) : columns_(columns) {}

    int rows() const { return columns_ == 0 ? 0 : static_cast<int>(cells_.size()) / columns_; }
    bool is_null(int row, int col) const { return !cells_[index(row, col)].has_value(); }
    /// "" for NULL.
    const std::string& text(int row, int col) const;
    /// 0 for NULL or text that is not a number.
    std::int64_t int64(int row, int col) const;

    void add(std::optional<std::string> cell) { cells_.push_back(std::move(cell)); }
    /// A cell made in place from the engine's bytes (no temporary string to move).
    void add_text(std::string_view cell) { cells_.emplace_back(std::in_place, cell); }
    void add_null() { cells_.emplace_back(); }
    /// Room for `rows` rows when the engine knows how many came back.
    void reserve_rows(int rows) {
        cells_.reserve(static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns_));
    }

private:
    std::size_t index(int row, int col) const {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(columns_) + static_cast<std::size_t>(col);
    }
    int columns_ = 0;
    std::vector<std::optional<std::string>> cells_;
};

/// A connection inside one transaction (or one read), as the shared steps use it. Used by one
/// thread, for the length of one call.
class SqlSession {
public:
    virtual ~SqlSession() = default;

    /// Runs `sql` with `params` and returns its rows. Errors: the engine's own (kConflict for a
    /// unique or foreign-key violation).
    virtual domain::Result<SqlRows> query(const PortableSql& sql, std::initializer_list<SqlValue> params) = 0;
};

}  // namespace tribune::store
