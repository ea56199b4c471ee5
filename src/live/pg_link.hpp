#pragma once
// One libpq connection for the PostgreSQL bus, with every wait bounded and interruptible.
// Internal to live (pg_bus.cpp); keeps libpq-fe.h out of its includers.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct pg_conn;

namespace tribune::live {

/// A NOTIFY heard on a connection that LISTENs.
struct Notification {
    std::string channel;
    std::string payload;
};

/// A connection used by one thread at a time. Any wait (connecting, a query, a poll) ends at its
/// deadline or as soon as `wake_fd` (an eventfd the owner writes to when it stops) is readable.
/// A connection that failed or timed out is broken for good: discard it and connect anew.
class PgLink {
public:
    using Clock = std::chrono::steady_clock;
    using Row = std::vector<std::string>;  // NULL reads as ""

    /// Connects with a libpq URL or key=value string. nullptr on failure, with `error` set
    /// (libpq's first line: no password, which libpq never repeats).
    static std::unique_ptr<PgLink> connect(const std::string& conninfo, Clock::time_point deadline,
                                           int wake_fd, std::string& error);
    ~PgLink();
    PgLink(const PgLink&) = delete;
    PgLink& operator=(const PgLink&) = delete;

    /// Runs one statement with text parameters and returns its rows (none for a command), or
    /// nullopt on failure (see error(); broken() tells whether the connection is lost too).
    std::optional<std::vector<Row>> query(const std::string& sql, const std::vector<std::string>& params,
                                          Clock::time_point deadline);

    /// Waits until the server sends something (a notification) or `deadline`, then reads it.
    /// False when the connection is lost or the owner stops.
    bool wait_input(Clock::time_point deadline);

    /// Moves the notifications received so far into `out`.
    void take_notifications(std::vector<Notification>& out);

    bool broken() const { return broken_; }
    const std::string& error() const { return error_; }

private:
    PgLink(pg_conn* conn, int wake_fd);
    enum class Wait { kReady, kTimeout, kWoken };
    Wait wait(short events, Clock::time_point deadline);
    bool fail(std::string why, bool lost);
    void collect_notifications();

    pg_conn* conn_;
    int wake_fd_;
    bool broken_ = false;
    std::string error_;
    std::vector<Notification> notifications_;
};

}  // namespace tribune::live
