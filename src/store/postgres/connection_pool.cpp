#include "store/postgres/connection_pool.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "store/common/store_log.hpp"
#include "store/postgres/connection.hpp"

namespace tribune::store::postgres {

ConnectionPool::ConnectionPool(Options options) : options_(std::move(options)) {
    if (options_.size == 0) throw std::invalid_argument("ConnectionPool: size must be at least 1");
}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease::~Lease() {
    if (conn_) pool_->give_back(std::move(conn_));
}

domain::Result<ConnectionPool::Lease> ConnectionPool::checkout(Failure* failure) {
    const auto deadline = std::chrono::steady_clock::now() + options_.checkout_timeout;
    std::unique_lock lock(mutex_);
    for (;;) {
        while (!idle_.empty()) {
            std::unique_ptr<Connection> conn = std::move(idle_.back());
            idle_.pop_back();
            lock.unlock();
            if (conn->check_alive()) return Lease(*this, std::move(conn));
            conn.reset();  // closed by the server while idle: drop it, try the next
            lock.lock();
            --open_;
        }
        if (open_ < options_.size) {
            ++open_;
            lock.unlock();
            auto conn = Connection::open(options_.conninfo, options_.connect_timeout);
            if (conn) return Lease(*this, std::move(*conn));
            lock.lock();
            --open_;
            returned_.notify_one();  // the slot is free again for another waiter
            *failure = Failure::kBroken;
            return conn.error();
        }
        if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
            open_ >= options_.size) {
            log_problem(LogSeverity::kWarning, "pg_pool_exhausted",
                        "no PostgreSQL connection free within " + std::to_string(options_.checkout_timeout.count()) +
                            " ms");
            *failure = Failure::kFinal;
            return unavailable_error();
        }
    }
}

std::size_t ConnectionPool::open_connections() const {
    std::lock_guard lock(mutex_);
    return open_;
}

void ConnectionPool::give_back(std::unique_ptr<Connection> conn) {
    // Never lend out a connection that is broken or still inside a transaction.
    const bool keep = conn->usable() && conn->idle();
    if (!keep) conn.reset();
    {
        std::lock_guard lock(mutex_);
        if (keep) idle_.push_back(std::move(conn));
        else --open_;
    }
    returned_.notify_one();
}

}  // namespace tribune::store::postgres
