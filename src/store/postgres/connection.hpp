#pragma once
// One libpq connection with its prepared statements.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/postgres/params.hpp"
#include "store/postgres/pg_error.hpp"
#include "store/postgres/pg_result.hpp"
#include "store/postgres/statement.hpp"

struct pg_conn;

namespace tribune::store::postgres {

/// An open connection to PostgreSQL. Used by one thread at a time. Remembers which Statements it
/// has prepared (each is prepared once, on first use) and what its last failure was, so callers
/// can tell a domain error from a transient one. Server messages and SQL go to stderr only.
class Connection {
public:
    /// Connects with a libpq URL or key=value string, client encoding UTF8 and
    /// synchronous_commit on. Errors: kUnavailable when the server cannot be reached or refuses.
    static domain::Result<std::unique_ptr<Connection>> open(const std::string& conninfo,
                                                            std::chrono::seconds connect_timeout);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs `st` with text parameters, preparing it first if this connection has not yet.
    /// Errors: as error_for(failure(), sqlstate).
    domain::Result<PgResult> run(const Statement& st, const Params& params = {});

    /// Runs parameterless SQL through the simple protocol (it may hold several statements; the
    /// last one's result comes back): BEGIN, COMMIT, migrations. Errors: as run().
    domain::Result<PgResult> exec(const char* sql);

    /// A number unique to this connection in the process (0, 1, 2... in opening order).
    std::size_t ordinal() const { return ordinal_; }

    /// The failure of the last call that failed since clear_failure().
    Failure failure() const { return failure_; }
    /// The SQLSTATE of that failure ("" when the server sent none).
    const std::string& sqlstate() const { return sqlstate_; }
    void clear_failure() {
        failure_ = Failure::kNone;
        sqlstate_.clear();
    }

    /// False once the connection is lost or was found broken: it must be discarded.
    bool usable() const;

    /// True when no transaction is open (idle, not in a failed or open transaction).
    bool idle() const;

    /// Looks, without a round trip, whether the server sent anything while the connection sat
    /// idle (a terminated backend, a restart). False when it did: the connection is then unusable.
    bool check_alive();

private:
    explicit Connection(pg_conn* conn);

    // Records the failure of `result` (may be null) and logs it with `context`.
    domain::Error fail(const struct pg_result* result, std::string_view context);

    pg_conn* conn_;
    std::size_t ordinal_;
    Failure failure_ = Failure::kNone;
    std::string sqlstate_;
    std::vector<bool> prepared_;  // by Statement::index()
};

}  // namespace tribune::store::postgres
