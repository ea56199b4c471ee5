#include "store/sqlite/store_health.hpp"

#include <mutex>
#include <set>

#include <sqlite3.h>

#include "store/common/store_errors.hpp"
#include "store/common/store_log.hpp"
#include "store/sqlite/shm_fault_guard.hpp"

namespace tribune::store::sqlite {
namespace {

// Files found damaged at run time, by any connection. The counter lets the usual case (nothing
// damaged) skip the lock.
std::mutex g_mutex;
std::set<std::string, std::less<>> g_damaged;
std::atomic<int> g_damaged_count{0};

bool noted(std::string_view path) {
    if (g_damaged_count.load(std::memory_order_acquire) == 0) return false;
    std::lock_guard lock(g_mutex);
    return g_damaged.find(path) != g_damaged.end();
}

domain::Error shm_failed() {
    auto e = domain::make_error(domain::ErrorCode::kUnavailable, "Storage failed",
                                "The server lost its database's shared-memory file and refuses requests to the "
                                "store until it restarts.");
    e.retry_after_seconds = 60;
    return e;
}

}  // namespace

StoreHealth::StoreHealth(std::string path) : path_(std::move(path)) {}

std::optional<domain::Error> StoreHealth::refuse_read() {
    if (!shm_fault_seen()) return std::nullopt;
    if (!shm_fault_reported_.exchange(true))
        log_problem(LogSeverity::kCritical, "sqlite_shm_fault",
                    "the -shm file of " + path_ +
                        " failed (cut short, or its file system stopped taking writes); the store refuses "
                        "every call until tribune restarts");
    return shm_failed();
}

std::optional<domain::Error> StoreHealth::refuse_write() {
    if (auto refused = refuse_read()) return refused;
    if (!damaged()) return std::nullopt;
    if (!damage_reported_.exchange(true))
        log_problem(LogSeverity::kCritical, "sqlite_damaged",
                    path_ + " is damaged: writes are refused; `tribune check` lists the problems; restore a "
                            "backup");
    return database_damaged();
}

void StoreHealth::mark_damaged(std::string_view problem) {
    log_problem(LogSeverity::kCritical, "sqlite_corrupt", "integrity check of " + path_ + ": " + std::string(problem));
    damaged_.store(true, std::memory_order_release);
}

bool StoreHealth::damaged() const { return damaged_.load(std::memory_order_acquire) || noted(path_); }

void note_damage(sqlite3* db) {
    const char* file = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
    if (file == nullptr || *file == '\0') return;
    std::lock_guard lock(g_mutex);
    if (g_damaged.emplace(file).second) g_damaged_count.fetch_add(1, std::memory_order_release);
}

void forget_damage(const std::string& path) {
    std::lock_guard lock(g_mutex);
    if (g_damaged.erase(path) > 0) g_damaged_count.fetch_sub(1, std::memory_order_release);
}

}  // namespace tribune::store::sqlite
