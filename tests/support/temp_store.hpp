#pragma once
// A real SqliteStore in a directory the test owns, for tests above the store module.

#include <memory>
#include <stdexcept>
#include <string>

#include "store/open_store.hpp"
#include "store/store.hpp"

/// Opens (creating and migrating) a SqliteStore at `dir`/tribune.db. Throws when it can't.
inline std::unique_ptr<tribune::store::Store> make_test_store(const std::string& dir) {
    auto store = tribune::store::open_store("sqlite://" + dir + "/tribune.db");
    if (!store) throw std::runtime_error("cannot open test store: " + store.error().message);
    return std::move(*store);
}
