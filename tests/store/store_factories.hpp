#pragma once
// One factory per Store engine for the contract suite. A factory owns a private database for one
// test; open() may be called again after the previous store is destroyed, to test reopening.
// Adding an engine = adding a factory here and to Engines.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "pg_test_server.hpp"
#include "store/postgres/pg_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/store.hpp"
#include "temp_dir.hpp"

namespace tribune::store::testing {

class SqliteFactory {
public:
    std::unique_ptr<Store> open() {
        sqlite::SqliteOptions options;
        options.path = (dir_.path() / "tribune.db").string();
        auto store = sqlite::SqliteStore::open(options);
        if (!store) throw std::runtime_error("cannot open SqliteStore: " + store.error().message);
        return std::move(*store);
    }

private:
    TempDir dir_;
};

/// A fresh database on the server TRIBUNE_TEST_PG_URL names, created by the first open() and
/// dropped with the factory. Without the variable, open() throws: the test fails, never skips.
class PgFactory {
public:
    std::unique_ptr<Store> open() {
        if (!db_) db_.emplace();
        postgres::PgOptions options;
        options.conninfo = db_->conninfo();
        auto store = postgres::PgStore::open(std::move(options));
        if (!store) throw std::runtime_error("cannot open PgStore: " + store.error().message);
        return std::move(*store);
    }

private:
    std::optional<PgTestDatabase> db_;
};

/// The engines every contract test runs on.
using Engines = ::testing::Types<SqliteFactory, PgFactory>;

}  // namespace tribune::store::testing
