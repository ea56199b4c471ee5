#include "live/pg_link.hpp"

#include <poll.h>

#include <cerrno>
#include <climits>
#include <string_view>

#include <libpq-fe.h>

namespace tribune::live {
namespace {

void ignore_notice(void*, const char*) {}

std::string first_line(const char* message) {
    if (message == nullptr || *message == '\0') return "unknown error";
    std::string_view m = message;
    if (auto nl = m.find('\n'); nl != std::string_view::npos) m = m.substr(0, nl);
    return std::string(m);
}

}  // namespace

std::unique_ptr<PgLink> PgLink::connect(const std::string& conninfo, Clock::time_point deadline, int wake_fd,
                                        std::string& error) {
    // Keepalives notice a server that vanished without closing (a dead host) within ~10 s even
    // when we only listen. With expand_dbname, `dbname` carries the whole URL and comes last.
    const char* const keys[] = {"application_name",    "client_encoding",  "keepalives", "keepalives_idle",
                                "keepalives_interval", "keepalives_count", "dbname",     nullptr};
    const char* const values[] = {"tribune-bus", "UTF8", "1", "5", "2", "3", conninfo.c_str(), nullptr};
    PGconn* conn = PQconnectStartParams(keys, values, 1);
    if (conn == nullptr) {
        error = "out of memory";
        return nullptr;
    }
    std::unique_ptr<PgLink> link(new PgLink(conn, wake_fd));
    if (PQstatus(conn) == CONNECTION_BAD) {
        error = first_line(PQerrorMessage(conn));
        return nullptr;
    }
    PostgresPollingStatusType status = PGRES_POLLING_WRITING;
    while (status != PGRES_POLLING_OK) {
        if (status == PGRES_POLLING_FAILED) {
            error = first_line(PQerrorMessage(conn));
            return nullptr;
        }
        const Wait w = link->wait(status == PGRES_POLLING_WRITING ? POLLOUT : POLLIN, deadline);
        if (w == Wait::kTimeout) {
            error = "timed out connecting";
            return nullptr;
        }
        if (w == Wait::kWoken) {
            error = "stopping";
            return nullptr;
        }
        status = PQconnectPoll(conn);
    }
    PQsetNoticeProcessor(conn, ignore_notice, nullptr);
    // Non-blocking sends: a server that stops reading must not hold a thread past its deadline.
    if (PQsetnonblocking(conn, 1) != 0) {
        error = first_line(PQerrorMessage(conn));
        return nullptr;
    }
    return link;
}

PgLink::PgLink(pg_conn* conn, int wake_fd) : conn_(conn), wake_fd_(wake_fd) {}

PgLink::~PgLink() { PQfinish(conn_); }

PgLink::Wait PgLink::wait(short events, Clock::time_point deadline) {
    pollfd fds[2] = {{PQsocket(conn_), events, 0}, {wake_fd_, POLLIN, 0}};
    if (fds[0].fd < 0) return Wait::kReady;  // libpq then reports the broken connection itself
    const nfds_t count = wake_fd_ >= 0 ? 2 : 1;
    for (;;) {
        const auto now = Clock::now();
        if (now >= deadline) return Wait::kTimeout;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
        const int r = ::poll(fds, count, static_cast<int>(std::min<long long>(left, INT_MAX)));
        if (r < 0 && errno != EINTR) return Wait::kReady;
        if (r <= 0) continue;
        if (count == 2 && fds[1].revents != 0) return Wait::kWoken;
        if (fds[0].revents != 0) return Wait::kReady;
    }
}

bool PgLink::fail(std::string why, bool lost) {
    error_ = std::move(why);
    if (lost) broken_ = true;
    return false;
}

std::optional<std::vector<PgLink::Row>> PgLink::query(const std::string& sql,
                                                      const std::vector<std::string>& params,
                                                      Clock::time_point deadline) {
    if (broken_) return std::nullopt;
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p.c_str());
    if (!PQsendQueryParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                           nullptr, nullptr, 0)) {
        fail(first_line(PQerrorMessage(conn_)), true);
        return std::nullopt;
    }
    for (;;) {
        const int flushed = PQflush(conn_);
        if (flushed == 0) break;
        if (flushed < 0) {
            fail(first_line(PQerrorMessage(conn_)), true);
            return std::nullopt;
        }
        // A full send buffer: wait until it drains, reading meanwhile as libpq asks.
        const Wait w = wait(POLLIN | POLLOUT, deadline);
        if (w != Wait::kReady) {
            fail(w == Wait::kTimeout ? "timed out sending" : "stopping", true);
            return std::nullopt;
        }
        if (!PQconsumeInput(conn_)) {
            fail(first_line(PQerrorMessage(conn_)), true);
            return std::nullopt;
        }
    }
    std::vector<Row> rows;
    std::string error;
    for (;;) {
        while (PQisBusy(conn_)) {
            const Wait w = wait(POLLIN, deadline);
            // The statement may still run on the server; only a new connection is safe now.
            if (w != Wait::kReady) {
                fail(w == Wait::kTimeout ? "timed out waiting for the server" : "stopping", true);
                return std::nullopt;
            }
            if (!PQconsumeInput(conn_)) {
                fail(first_line(PQerrorMessage(conn_)), true);
                return std::nullopt;
            }
        }
        PGresult* r = PQgetResult(conn_);
        if (r == nullptr) break;
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_TUPLES_OK) {
            const int n = PQntuples(r), fields = PQnfields(r);
            for (int i = 0; i < n; ++i) {
                Row row;
                row.reserve(static_cast<std::size_t>(fields));
                for (int f = 0; f < fields; ++f) row.emplace_back(PQgetvalue(r, i, f), PQgetlength(r, i, f));
                rows.push_back(std::move(row));
            }
        } else if (status != PGRES_COMMAND_OK && error.empty()) {
            error = first_line(PQresultErrorMessage(r));
        }
        PQclear(r);
    }
    collect_notifications();
    if (PQstatus(conn_) == CONNECTION_BAD) {
        fail(error.empty() ? first_line(PQerrorMessage(conn_)) : error, true);
        return std::nullopt;
    }
    if (!error.empty()) {
        fail(std::move(error), false);
        return std::nullopt;
    }
    return rows;
}

bool PgLink::wait_input(Clock::time_point deadline) {
    if (broken_) return false;
    const Wait w = wait(POLLIN, deadline);
    if (w == Wait::kWoken) return false;
    if (w == Wait::kTimeout) return true;
    if (!PQconsumeInput(conn_)) return fail(first_line(PQerrorMessage(conn_)), true);
    collect_notifications();
    if (PQstatus(conn_) == CONNECTION_BAD) return fail(first_line(PQerrorMessage(conn_)), true);
    return true;
}

void PgLink::collect_notifications() {
    while (PGnotify* n = PQnotifies(conn_)) {
        notifications_.push_back(Notification{n->relname ? n->relname : "", n->extra ? n->extra : ""});
        PQfreemem(n);
    }
}

void PgLink::take_notifications(std::vector<Notification>& out) {
    for (auto& n : notifications_) out.push_back(std::move(n));
    notifications_.clear();
}

}  // namespace tribune::live
