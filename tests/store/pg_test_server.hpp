#pragma once
// The PostgreSQL server the store tests use: its URL comes from TRIBUNE_TEST_PG_URL (scripts/pg.sh
// starts a private one), and each test gets a database of its own on it.

#include <unistd.h>

#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace tribune::store::testing {

/// The server URL. Throws (so the test fails, loudly) when the variable is unset: the README's
/// test command always provides it.
inline std::string pg_test_server_url() {
    const char* url = std::getenv("TRIBUNE_TEST_PG_URL");
    if (url == nullptr || *url == '\0')
        throw std::runtime_error(
            "TRIBUNE_TEST_PG_URL is not set: the PostgreSQL store tests need a server. Start one with "
            "`scripts/pg.sh start /tmp/tribune-pg` and export the URL it prints (scripts/test.sh does).");
    return url;
}

/// A key=value conninfo string for `url` with its database replaced by `dbname`.
inline std::string pg_conninfo_for(const std::string& url, const std::string& dbname) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(PQconninfoParse(url.c_str(), &error),
                                                                       &PQconninfoFree);
    if (!options) {
        std::string why = error ? error : "out of memory";
        PQfreemem(error);
        throw std::runtime_error("TRIBUNE_TEST_PG_URL is not a libpq URL: " + why);
    }
    auto quoted = [](std::string_view v) {
        std::string s("'");
        for (char ch : v) {
            if (ch == '\'' || ch == '\\') s += '\\';
            s += ch;
        }
        s += '\'';
        return s;
    };
    std::string conninfo;
    for (const PQconninfoOption* o = options.get(); o->keyword != nullptr; ++o) {
        if (o->val == nullptr || std::string_view(o->keyword) == "dbname") continue;
        conninfo += o->keyword;
        conninfo += '=';
        conninfo += quoted(o->val);
        conninfo += ' ';
    }
    conninfo += "dbname=";
    conninfo += quoted(dbname);
    return conninfo;
}

/// A plain libpq connection for test setup and mischief. Throws on failure.
class PgAdmin {
public:
    explicit PgAdmin(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(conn_) != CONNECTION_OK) {
            std::string why = PQerrorMessage(conn_);
            PQfinish(conn_);
            throw std::runtime_error("cannot connect to the test PostgreSQL server: " + why);
        }
        PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    }
    ~PgAdmin() { PQfinish(conn_); }
    PgAdmin(const PgAdmin&) = delete;
    PgAdmin& operator=(const PgAdmin&) = delete;

    /// Runs `sql` (constant text, no user values) and returns the first column of the first row
    /// ("" when there is none).
    std::string query(const std::string& sql) {
        PGresult* r = PQexec(conn_, sql.c_str());
        const ExecStatusType status = PQresultStatus(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            std::string why = PQresultErrorMessage(r);
            PQclear(r);
            throw std::runtime_error("test SQL failed: " + sql + ": " + why);
        }
        std::string value = PQntuples(r) > 0 && PQnfields(r) > 0 ? PQgetvalue(r, 0, 0) : "";
        PQclear(r);
        return value;
    }

    /// Ends every other session on this connection's database; returns how many.
    int terminate_other_backends() {
        return std::stoi(query(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    }

    /// Waits until every other session on this database has exited (a terminated backend takes
    /// a moment). Throws after `timeout`.
    void wait_until_alone(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (query("SELECT count(*) FROM pg_stat_activity"
                     " WHERE datname = current_database() AND pid <> pg_backend_pid()") != "0") {
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("terminated backends did not exit");
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

private:
    PGconn* conn_;
};

/// A database of its own for one test, created on construction and dropped (with any session
/// still on it) on destruction.
class PgTestDatabase {
public:
    PgTestDatabase() : server_url_(pg_test_server_url()), name_(next_name()) {
        PgAdmin admin(pg_conninfo_for(server_url_, "postgres"));
        admin.query("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        admin.query("CREATE DATABASE " + name_);
    }
    ~PgTestDatabase() {
        try {
            PgAdmin admin(pg_conninfo_for(server_url_, "postgres"));
            admin.query("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (const std::exception&) {
            // The server may be gone already; the next run drops leftovers of the same name.
        }
    }
    PgTestDatabase(const PgTestDatabase&) = delete;
    PgTestDatabase& operator=(const PgTestDatabase&) = delete;

    const std::string& name() const { return name_; }
    /// How PgStore, or a PgAdmin, connects to it.
    std::string conninfo() const { return pg_conninfo_for(server_url_, name_); }

private:
    // Unique across the test processes CTest runs side by side, and within one.
    static std::string next_name() {
        static std::atomic<int> counter{0};
        std::string name("tribune_test_");
        name += std::to_string(::getpid());
        name += '_';
        name += std::to_string(counter++);
        return name;
    }

    std::string server_url_;
    std::string name_;
};

}  // namespace tribune::store::testing
