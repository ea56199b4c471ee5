#pragma once
// A PostgreSQL connection as the steps both engines share see it (common/sql_session.hpp).

#include "store/common/sql_session.hpp"

namespace tribune::store::postgres {

class Connection;

/// SqlSession over one connection, inside the caller's transaction (or autocommit for reads).
/// Each PortableSql becomes a prepared statement with $n parameters, once per connection.
class PgSession final : public SqlSession {
public:
    explicit PgSession(Connection& db) : db_(db) {}

    domain::Result<SqlRows> query(const PortableSql& sql, std::initializer_list<SqlValue> params) override;

private:
    Connection& db_;
};

/// `sql` with each ?n parameter written $n (outside quoted text).
std::string dollar_parameters(std::string_view sql);

}  // namespace tribune::store::postgres
