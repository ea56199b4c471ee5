#include "store/sqlite/start_check.hpp"

#include <functional>

#include "store/common/store_log.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/integrity_check.hpp"
#include "store/sqlite/store_health.hpp"

namespace tribune::store::sqlite {
namespace {

// One problem is enough to refuse the file; `tribune check` lists them all.
constexpr int kProblemsAtStart = 1;

// SQLite's report on one line ("*** in database main ***\nPage 5: ..."), bounded.
std::string one_line(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (out.size() >= 200) break;
        if (c == '\n') out += "; ";
        else if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
    }
    return out;
}

}  // namespace

domain::Error damaged_at_start(const std::string& path, const std::string& problem) {
    return domain::make_error(domain::ErrorCode::kUnavailable, "Database damaged",
                              "The database file " + path + " is damaged (" + one_line(problem) +
                                  "). Tribune will not write into it: restore a backup; `tribune check` lists "
                                  "the problems.");
}

domain::Result<std::unique_ptr<StartCheck>> StartCheck::run(const std::string& path,
                                                            std::chrono::milliseconds busy_timeout,
                                                            std::chrono::milliseconds budget,
                                                            std::shared_ptr<StoreHealth> health) {
    auto db = Connection::open(path, OpenMode::kReader, busy_timeout);
    if (!db) return db.error();
    std::unique_ptr<StartCheck> check(new StartCheck());
    if (budget.count() > 0) {
        const auto until = std::chrono::steady_clock::now() + budget;
        auto report = check_integrity(**db, CheckDepth::kQuick, kProblemsAtStart,
                                      [until] { return std::chrono::steady_clock::now() >= until; });
        if (!report) return report.error();
        if (!report->problems.empty()) return damaged_at_start(path, report->problems.front());
        if (report->finished) return check;
        log_problem(LogSeverity::kWarning, "sqlite_check",
                    "the integrity check of " + path + " takes longer than the start allows; it goes on in the "
                                                       "background");
    }
    check->run_in_background(std::move(*db), std::move(health));
    return check;
}

void StartCheck::run_in_background(std::unique_ptr<Connection> db, std::shared_ptr<StoreHealth> health) {
    running_ = true;
    thread_ = std::thread([this, db = std::move(db), health = std::move(health)] {
        auto report = check_integrity(*db, CheckDepth::kQuick, kProblemsAtStart, [this] { return stop_.load(); });
        if (!report)
            log_problem(LogSeverity::kError, "sqlite_check", "the background integrity check could not run");
        else if (report->finished && !report->problems.empty())  // unfinished: the store is closing
            health->mark_damaged(report->problems.front());
        running_ = false;
    });
}

StartCheck::~StartCheck() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

}  // namespace tribune::store::sqlite
