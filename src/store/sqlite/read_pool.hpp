#pragma once
// Read-only connections for the readers, reused across calls.

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "domain/error.hpp"

namespace tribune::store::sqlite {

class Connection;

/// A pool of read-only connections. acquire() lends an idle one or opens a new one, so readers
/// never wait for each other; at most `max_idle` are kept open between calls. Thread-safe.
class ReadPool {
public:
    ReadPool(std::string path, std::chrono::milliseconds busy_timeout, std::size_t max_idle);
    ~ReadPool();
    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;

    /// A borrowed connection, given back to the pool when the lease ends.
    class Lease {
    public:
        Lease(ReadPool& pool, std::unique_ptr<Connection> conn);
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        ~Lease();
        Connection& operator*() const { return *conn_; }
        Connection* operator->() const { return conn_.get(); }

    private:
        ReadPool* pool_;
        std::unique_ptr<Connection> conn_;
    };

    /// Lends a connection. Errors: kUnavailable when a new one cannot be opened.
    domain::Result<Lease> acquire();

private:
    void give_back(std::unique_ptr<Connection> conn);

    const std::string path_;
    const std::chrono::milliseconds busy_timeout_;
    const std::size_t max_idle_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace tribune::store::sqlite
