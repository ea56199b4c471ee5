#include "store/postgres/pg_result.hpp"

#include <cassert>
#include <charconv>

#include <libpq-fe.h>

namespace tribune::store::postgres {

PgResult& PgResult::operator=(PgResult&& other) noexcept {
    if (this != &other) {
        PQclear(result_);
        result_ = other.result_;
        other.result_ = nullptr;
    }
    return *this;
}

PgResult::~PgResult() { PQclear(result_); }

int PgResult::rows() const { return PQntuples(result_); }

bool PgResult::is_null(int row, int col) const { return PQgetisnull(result_, row, col) != 0; }

std::string_view PgResult::text_view(int row, int col) const {
    return {PQgetvalue(result_, row, col), static_cast<std::size_t>(PQgetlength(result_, row, col))};
}

int PgResult::columns() const { return PQnfields(result_); }

std::int64_t PgResult::int64(int row, int col) const {
    const std::string_view v = text_view(row, col);
    std::int64_t n = 0;
    [[maybe_unused]] auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    assert(ec == std::errc() && end == v.data() + v.size() && "a BIGINT column reads as an integer");
    return n;
}

std::optional<std::int64_t> PgResult::optional_int64(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return int64(row, col);
}

bool PgResult::boolean(int row, int col) const { return text_view(row, col) == "t"; }

std::string_view PgResult::command_tag() const { return PQcmdStatus(result_); }

std::int64_t PgResult::affected_rows() const {
    const std::string_view v = PQcmdTuples(result_);  // "" for commands that change no rows
    std::int64_t n = 0;
    std::from_chars(v.data(), v.data() + v.size(), n);
    return n;
}

}  // namespace tribune::store::postgres
