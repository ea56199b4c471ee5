#include "store/postgres/pg_store.hpp"

#include <utility>

#include "store/postgres/connection.hpp"
#include "store/postgres/connection_pool.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

Result<std::unique_ptr<PgStore>> PgStore::open(PgOptions options) {
    ConnectionPool::Options pool_options;
    pool_options.conninfo = std::move(options.conninfo);
    pool_options.size = options.pool_size;
    pool_options.checkout_timeout = options.checkout_timeout;
    pool_options.connect_timeout = options.connect_timeout;
    auto pool = std::make_unique<ConnectionPool>(std::move(pool_options));
    // Migrations manage their own transactions; a retry after a lost connection starts over and
    // skips what was already committed.
    auto migrated = run_read<bool>(*pool, options.retry, [](Connection& db) -> Result<bool> {
        if (auto ok = migrate(db); !ok) return ok.error();
        return true;
    });
    if (!migrated) return migrated.error();
    return std::unique_ptr<PgStore>(new PgStore(std::move(pool), options.retry));
}

PgStore::PgStore(std::unique_ptr<ConnectionPool> pool, RetryPolicy retry)
    : pool_(std::move(pool)), retry_(retry) {}

PgStore::~PgStore() = default;

std::size_t PgStore::open_connections() const { return pool_->open_connections(); }

}  // namespace tribune::store::postgres
