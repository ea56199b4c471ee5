#pragma once
// One use of a cached prepared statement.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/error.hpp"

struct sqlite3_stmt;

namespace tribune::store::sqlite {

using domain::Result;

/// A prepared statement borrowed from its Connection's cache for one use: bind (1-based), step,
/// read columns (0-based). On destruction it resets and clears its bindings, so the next borrower
/// starts clean. Not thread-safe, like its connection; never borrow the same SQL twice at once.
class Statement {
public:
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    Statement(Statement&& other) noexcept
        : stmt_(std::exchange(other.stmt_, nullptr)), bind_rc_(other.bind_rc_) {}
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    /// Binds a value; a failure is kept and reported by the next step().
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::optional<std::int64_t>& value);
    Statement& bind_null(int index);

    /// Steps once: true when a row is ready, false when done. Errors: as sqlite_error().
    Result<bool> step();

    /// Steps to completion, for statements without rows.
    Result<void> run();

    int column_count() const;
    bool is_null(int column) const;
    std::int64_t int64(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    std::string text(int column) const;
    /// The column's bytes, valid until the next step() or the statement's end.
    std::string_view text_view(int column) const;

private:
    sqlite3_stmt* stmt_;
    int bind_rc_ = 0;  // the first failing bind, if any
};

}  // namespace tribune::store::sqlite
