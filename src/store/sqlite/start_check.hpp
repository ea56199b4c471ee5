#pragma once
// The integrity check a SqliteStore runs when it opens: a damaged file is refused before anything
// is written into it, and a large file's check finishes in the background.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "domain/error.hpp"

namespace tribune::store::sqlite {

class Connection;
class StoreHealth;

/// Runs PRAGMA quick_check on its own read-only connection. The first `budget` of it runs before
/// open() returns; when the file takes longer (or `budget` is zero), the check starts again in a
/// background thread and, if it finds damage, marks `health` damaged (writes are then refused
/// and it is logged). Destroying the StartCheck stops a background check still running.
class StartCheck {
public:
    /// Errors: kUnavailable titled "Database damaged", naming `path` and SQLite's first problem,
    /// when the check finds damage within `budget`; a connection's error when it cannot run.
    static domain::Result<std::unique_ptr<StartCheck>> run(const std::string& path,
                                                           std::chrono::milliseconds busy_timeout,
                                                           std::chrono::milliseconds budget,
                                                           std::shared_ptr<StoreHealth> health);
    ~StartCheck();
    StartCheck(const StartCheck&) = delete;
    StartCheck& operator=(const StartCheck&) = delete;

    /// Whether the check is still running in the background (for tests).
    bool running() const { return running_.load(); }

private:
    StartCheck() = default;
    void run_in_background(std::unique_ptr<Connection> db, std::shared_ptr<StoreHealth> health);

    std::atomic<bool> stop_{false};
    std::atomic<bool> running_{false};
    std::thread thread_;
};

/// The start-up error for a damaged file: names `path` and `problem`, and what to do.
domain::Error damaged_at_start(const std::string& path, const std::string& problem);

}  // namespace tribune::store::sqlite
