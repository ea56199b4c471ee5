#pragma once
// A SQL statement that every connection prepares once, on first use.

#include <cstddef>
#include <string>

namespace tribune::store::postgres {

/// SQL text with $1..$n parameters, and a process-wide index that names its prepared form on
/// every connection. Define statements once, with static storage: each one takes a slot in every
/// connection's table. Immutable, so any thread may use it.
class Statement {
public:
    explicit Statement(std::string sql);
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    const std::string& sql() const { return sql_; }
    const std::string& name() const { return name_; }  // "tribune_<index>"
    std::size_t index() const { return index_; }

private:
    std::string sql_;
    std::size_t index_;
    std::string name_;
};

}  // namespace tribune::store::postgres
