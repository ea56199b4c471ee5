#include "store/postgres/connection.hpp"

#include <poll.h>

#include <atomic>
#include <string>
#include <string_view>

#include <libpq-fe.h>

#include "store/common/store_log.hpp"

namespace tribune::store::postgres {
namespace {

// Notices (e.g. "relation already exists, skipping") are expected and say nothing useful.
void ignore_notice(void*, const char*) {}

// The first line of a libpq message: the rest repeats it or adds SQL context.
std::string_view first_line(const char* message) {
    if (message == nullptr) return {};
    std::string_view m = message;
    if (auto nl = m.find('\n'); nl != std::string_view::npos) m = m.substr(0, nl);
    return m;
}

bool succeeded(const PGresult* r) {
    if (r == nullptr) return false;
    const ExecStatusType s = PQresultStatus(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

}  // namespace

domain::Result<std::unique_ptr<Connection>> Connection::open(const std::string& conninfo,
                                                             std::chrono::seconds connect_timeout) {
    const std::string timeout = std::to_string(connect_timeout.count());
    // With expand_dbname, `dbname` carries the whole URL; it comes last so its settings win.
    const char* const keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", nullptr};
    const char* const values[] = {timeout.c_str(), "tribune", "UTF8", conninfo.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
        const std::string_view why = first_line(conn ? PQerrorMessage(conn) : "out of memory");
        log_problem(LogSeverity::kError, "pg_connect", "cannot connect to PostgreSQL: " + std::string(why));
        PQfinish(conn);
        return unavailable_error();
    }
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    std::unique_ptr<Connection> c(new Connection(conn));
    // A returned write must be durable, whatever the server's or role's default says.
    if (auto ok = c->exec("SET synchronous_commit TO on"); !ok) return unavailable_error();
    return c;
}

Connection::Connection(pg_conn* conn) : conn_(conn) {
    static std::atomic<std::size_t> opened{0};
    ordinal_ = opened++;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::usable() const { return failure_ != Failure::kBroken && PQstatus(conn_) == CONNECTION_OK; }

bool Connection::idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }

bool Connection::check_alive() {
    if (!usable()) return false;
    pollfd pfd{PQsocket(conn_), POLLIN, 0};
    if (pfd.fd < 0) return false;
    if (poll(&pfd, 1, 0) == 0) return true;  // nothing arrived while idle: the usual case
    // We never LISTEN, so what arrives unasked on an idle connection is, in practice, the
    // server's goodbye (a FATAL error, then end of file) or a rare parameter report. Telling them
    // apart would mean parsing half-read input; a new connection is cheaper than being wrong.
    failure_ = Failure::kBroken;
    return false;
}

domain::Result<PgResult> Connection::run(const Statement& st, const Params& params) {
    const std::size_t i = st.index();
    if (i >= prepared_.size()) prepared_.resize(i + 1, false);
    if (!prepared_[i]) {
        PgResult prepared(PQprepare(conn_, st.name().c_str(), st.sql().c_str(), 0, nullptr));
        if (!succeeded(prepared.get())) return fail(prepared.get(), st.sql());
        prepared_[i] = true;
    }
    const std::vector<const char*> values = params.pointers();
    PgResult r(PQexecPrepared(conn_, st.name().c_str(), params.size(), values.data(), nullptr, nullptr, 0));
    if (!succeeded(r.get())) return fail(r.get(), st.sql());
    return r;
}

domain::Result<PgResult> Connection::exec(const char* sql) {
    PgResult r(PQexec(conn_, sql));
    if (!succeeded(r.get())) return fail(r.get(), "exec");
    return r;
}

domain::Error Connection::fail(const PGresult* result, std::string_view context) {
    // Enough of the SQL to tell which statement failed.
    if (context.size() > 80) context = context.substr(0, 80);
    const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    failure_ = PQstatus(conn_) == CONNECTION_OK ? classify_sqlstate(sqlstate) : Failure::kBroken;
    sqlstate_ = sqlstate ? sqlstate : "";
    const std::string_view message =
        first_line(result ? PQresultErrorMessage(result) : nullptr).empty()
            ? first_line(PQerrorMessage(conn_))
            : first_line(PQresultErrorMessage(result));
    // A lost connection is expected while the server restarts (the call is retried); anything
    // else is worth a look.
    const bool lost = failure_ == Failure::kBroken;
    log_problem(lost ? LogSeverity::kWarning : LogSeverity::kError, lost ? "pg_connection_lost" : "pg_error",
                std::string(context) + ": " + std::string(message) + " (SQLSTATE " + (sqlstate ? sqlstate : "none") +
                    ")");
    return error_for(failure_, sqlstate ? sqlstate : "");
}

}  // namespace tribune::store::postgres
