#include "store/sqlite/read_pool.hpp"

#include "store/sqlite/connection.hpp"

namespace tribune::store::sqlite {

ReadPool::ReadPool(std::string path, std::chrono::milliseconds busy_timeout, std::size_t max_idle)
    : path_(std::move(path)), busy_timeout_(busy_timeout), max_idle_(max_idle) {}

ReadPool::~ReadPool() = default;

ReadPool::Lease::Lease(ReadPool& pool, std::unique_ptr<Connection> conn)
    : pool_(&pool), conn_(std::move(conn)) {}

ReadPool::Lease::~Lease() {
    if (conn_) pool_->give_back(std::move(conn_));
}

domain::Result<ReadPool::Lease> ReadPool::acquire() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto conn = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(conn));
        }
    }
    // Opened outside the lock: opening touches the disk.
    auto conn = Connection::open(path_, OpenMode::kReader, busy_timeout_);
    if (!conn) return conn.error();
    return Lease(*this, std::move(*conn));
}

void ReadPool::give_back(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(conn));
    // else: closed here, as the pool keeps only max_idle_.
}

}  // namespace tribune::store::sqlite
