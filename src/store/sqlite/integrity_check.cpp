#include "store/sqlite/integrity_check.hpp"

#include <sys/stat.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>

#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_error.hpp"

namespace tribune::store::sqlite {
namespace {

// Asks `stop` every few milliseconds while a check runs and, once it answers true, interrupts
// the connection (again at each poll, so an interrupt that lands between two steps is not
// lost). A watchdog rather than SQLite's progress handler: SQLite 3.40 does not call that
// handler inside the b-tree walk, which is most of a quick_check on a large file, while
// sqlite3_interrupt is honoured there. Joined before the check returns.
class Watchdog {
public:
    Watchdog(sqlite3* db, const std::function<bool()>& stop) : db_(db), stop_(stop) {
        if (stop_) thread_ = std::thread([this] { watch(); });
    }
    ~Watchdog() {
        {
            std::lock_guard lock(mutex_);
            done_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
    }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

private:
    void watch() {
        std::unique_lock lock(mutex_);
        while (!done_) {
            if (stop_()) sqlite3_interrupt(db_);
            wake_.wait_for(lock, std::chrono::milliseconds(5));
        }
    }

    sqlite3* db_;
    const std::function<bool()>& stop_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    std::thread thread_;
};

bool is_damage(int rc) { return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB; }

// A row may hold several problems, one a line, after a "*** in database main ***" heading.
void add_problems(std::string_view row, std::vector<std::string>& out) {
    while (!row.empty()) {
        const auto nl = row.find('\n');
        const std::string_view line = row.substr(0, nl);
        if (!line.empty() && line != "ok" && !line.starts_with("*** in database")) out.emplace_back(line);
        row = nl == std::string_view::npos ? std::string_view{} : row.substr(nl + 1);
    }
}

}  // namespace

domain::Result<IntegrityReport> check_integrity(Connection& conn, CheckDepth depth, int max_problems,
                                               const std::function<bool()>& stop) {
    sqlite3* db = conn.handle();
    const std::string sql = std::string(depth == CheckDepth::kQuick ? "PRAGMA quick_check(" : "PRAGMA integrity_check(") +
                            std::to_string(max_problems > 0 ? max_problems : 1) + ")";
    IntegrityReport report;
    sqlite3_stmt* stmt = nullptr;
    int rc = SQLITE_OK;
    std::string message;
    {
        const Watchdog watchdog(db, stop);
        rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
        while (rc == SQLITE_OK) {
            rc = sqlite3_step(stmt);
            if (rc == SQLITE_ROW) {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
                add_problems(text != nullptr ? text : "", report.problems);
                rc = SQLITE_OK;
            }
        }
        rc = rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(db);
        if (rc != SQLITE_OK) message = sqlite3_errmsg(db);
        sqlite3_finalize(stmt);
    }
    const auto limit = static_cast<std::size_t>(max_problems > 0 ? max_problems : 1);
    if (report.problems.size() > limit) report.problems.resize(limit);
    if (rc == SQLITE_OK) return report;
    if ((rc & 0xff) == SQLITE_INTERRUPT) {
        report.finished = false;
        report.problems.clear();  // a partial walk's findings are not a verdict
        return report;
    }
    if (is_damage(rc)) {
        if (report.problems.size() < limit) report.problems.push_back(message);
        return report;
    }
    return sqlite_error(rc, db, "integrity check");
}

domain::Result<IntegrityReport> check_file(const std::string& path, int max_problems) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return domain::make_error(domain::ErrorCode::kNotFound, "No database", "There is no database file at " + path + ".");
    auto db = Connection::open(path, OpenMode::kReader, std::chrono::seconds(5));
    if (!db) return db.error();
    return check_integrity(**db, CheckDepth::kFull, max_problems);
}

}  // namespace tribune::store::sqlite
