#pragma once
// A query result, freed with its owner.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct pg_result;

namespace tribune::store::postgres {

/// Owns one successful PGresult (text format). Column accessors expect valid row and column
/// numbers and the column types the query promises (BIGINT for int64, boolean for boolean).
class PgResult {
public:
    explicit PgResult(pg_result* result) noexcept : result_(result) {}
    PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
    PgResult& operator=(PgResult&& other) noexcept;
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    ~PgResult();

    int rows() const;
    int columns() const;
    bool is_null(int row, int col) const;
    std::string_view text_view(int row, int col) const;
    std::string text(int row, int col) const { return std::string(text_view(row, col)); }
    std::int64_t int64(int row, int col) const;
    std::optional<std::int64_t> optional_int64(int row, int col) const;
    bool boolean(int row, int col) const;
    /// The libpq result, still owned here.
    pg_result* get() const { return result_; }
    /// The command tag: "COMMIT", "ROLLBACK", "INSERT 0 1"...
    std::string_view command_tag() const;
    /// Rows an INSERT, UPDATE or DELETE changed; 0 for other commands.
    std::int64_t affected_rows() const;

private:
    pg_result* result_;
};

}  // namespace tribune::store::postgres
