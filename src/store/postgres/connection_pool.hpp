#pragma once
// A bounded pool of connections to one database.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "store/postgres/pg_error.hpp"

namespace tribune::store::postgres {

class Connection;

/// At most `size` connections, opened on demand and kept. checkout() lends an idle one (checked
/// for a server-side close without a round trip), or opens one while fewer than `size` exist,
/// or waits for one to come back. A connection that comes back broken or inside a transaction
/// is closed, so the pool reconnects by itself. Thread-safe.
class ConnectionPool {
public:
    struct Options {
        std::string conninfo;
        std::size_t size = 16;
        std::chrono::milliseconds checkout_timeout{5000};
        std::chrono::seconds connect_timeout{5};
    };

    explicit ConnectionPool(Options options);
    /// Closes the idle connections. Every lease must have ended.
    ~ConnectionPool();
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    /// A borrowed connection, given back when the lease ends.
    class Lease {
    public:
        Lease(ConnectionPool& pool, std::unique_ptr<Connection> conn) : pool_(&pool), conn_(std::move(conn)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Connection& operator*() const { return *conn_; }
        Connection* operator->() const { return conn_.get(); }

    private:
        ConnectionPool* pool_;
        std::unique_ptr<Connection> conn_;
    };

    /// Lends a connection. Errors: kUnavailable when none frees up within checkout_timeout
    /// (`*failure` = kFinal: the database is busy, waiting again will not help soon) or when a
    /// new one cannot be opened (`*failure` = kBroken: worth retrying).
    domain::Result<Lease> checkout(Failure* failure);

    /// Connections open now, lent or idle.
    std::size_t open_connections() const;

private:
    void give_back(std::unique_ptr<Connection> conn);

    const Options options_;
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;  // most recently used last
    std::size_t open_ = 0;                           // idle + lent + being opened
};

}  // namespace tribune::store::postgres
