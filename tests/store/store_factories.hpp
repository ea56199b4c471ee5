#pragma once
// One factory per Store engine for the contract suite. A factory owns a private database for one
// test; open() may be called again after the previous store is destroyed, to test reopening.
// Adding an engine (PgStore) = adding a factory here and to the Engines list.

#include <memory>
#include <stdexcept>
#include <string>

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

}  // namespace tribune::store::testing
