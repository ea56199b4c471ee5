#pragma once
// A SQLite connection as the steps both engines share see it (common/sql_session.hpp).

#include "store/common/sql_session.hpp"

namespace tribune::store::sqlite {

class Connection;

/// SqlSession over one connection: the writer's inside its job's savepoint, or a reader's.
/// PortableSql is SQLite's own dialect already; statements are prepared once per connection.
class SqliteSession final : public SqlSession {
public:
    explicit SqliteSession(Connection& db) : db_(db) {}

    domain::Result<SqlRows> query(const PortableSql& sql, std::initializer_list<SqlValue> params) override;

private:
    Connection& db_;
};

}  // namespace tribune::store::sqlite
