#include "store/sqlite/integrity_check.hpp"

#include <sys/stat.h>

#include <chrono>
#include <string_view>

#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_error.hpp"

namespace tribune::store::sqlite {
namespace {

// SQLite calls this every few thousand steps; non-zero interrupts the statement.
int should_stop(void* stop) { return (*static_cast<const std::function<bool()>*>(stop))() ? 1 : 0; }

// Clears the progress handler however the check ends.
struct ProgressGuard {
    sqlite3* db;
    ~ProgressGuard() { sqlite3_progress_handler(db, 0, nullptr, nullptr); }
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
    ProgressGuard guard{db};
    if (stop) sqlite3_progress_handler(db, 1000, should_stop, const_cast<std::function<bool()>*>(&stop));
    const std::string sql = std::string(depth == CheckDepth::kQuick ? "PRAGMA quick_check(" : "PRAGMA integrity_check(") +
                            std::to_string(max_problems > 0 ? max_problems : 1) + ")";
    IntegrityReport report;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
    while (rc == SQLITE_OK) {
        rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
            add_problems(text != nullptr ? text : "", report.problems);
            rc = SQLITE_OK;
        }
    }
    rc = rc == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(db);
    const std::string message = rc != SQLITE_OK ? sqlite3_errmsg(db) : "";
    sqlite3_finalize(stmt);
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
