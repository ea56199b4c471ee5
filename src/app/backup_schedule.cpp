#include "app/backup_schedule.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "portability/backup.hpp"
#include "portability/pg_tools.hpp"
#include "store/pg_snapshot.hpp"

namespace tribune::app {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::system_clock;

constexpr std::string_view kPrefix = "tribune-";
// The cluster-wide lock of the node that backs up: "tribbkup" as a number.
constexpr std::int64_t kBackupLeaseKey = 0x7472696262'6b7570;

// "tribune-20261207T063000.123Z": names sort by time.
std::string backup_name(Clock::time_point t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    ::gmtime_r(&secs, &utc);
    char out[48];
    const std::size_t n = std::strftime(out, sizeof out, "%Y%m%dT%H%M%S", &utc);
    std::snprintf(out + n, sizeof out - n, ".%03dZ", static_cast<int>(ms % 1000));
    return std::string(kPrefix) + out;
}

// Whether `name` is exactly what backup_name makes: "tribune-YYYYMMDDTHHMMSS.mmmZ".
bool scheduled_name(std::string_view name) {
    if (!name.starts_with(kPrefix)) return false;
    const std::string_view stamp = name.substr(kPrefix.size());
    constexpr std::string_view kShape = "00000000T000000.000Z";
    if (stamp.size() != kShape.size()) return false;
    for (std::size_t i = 0; i < stamp.size(); ++i)
        if (kShape[i] == '0' ? (stamp[i] < '0' || stamp[i] > '9') : stamp[i] != kShape[i]) return false;
    return true;
}

// The finished scheduled backups in `dir`, oldest first: only directories named as this schedule
// names them and holding a manifest (anything else there is someone else's, and stays).
std::vector<std::string> finished_backups(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (scheduled_name(name) && it->is_directory(ec) && fs::exists(it->path() / "manifest.json", ec))
            out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Scheduled backups of a run that stopped half way (this node runs one at a time): a scheduled
// name followed by ".partial-"; a manual backup or an export writing here is left alone.
void remove_partial(const std::string& dir) {
    std::error_code ec;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto partial = name.find(".partial-");
        if (partial != std::string::npos && scheduled_name(std::string_view(name).substr(0, partial)))
            stale.push_back(it->path());
    }
    for (const auto& p : stale) fs::remove_all(p, ec);
}

void prune(const std::string& dir, long keep) {
    auto names = finished_backups(dir);
    std::error_code ec;
    for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < names.size(); ++i) {
        fs::remove_all(fs::path(dir) / names[i], ec);
        if (ec) spdlog::warn("backup_prune_failed backup={} reason=\"{}\"", names[i], ec.message());
        else spdlog::info("backup_pruned backup={}", names[i]);
    }
}

// When the newest backup in `dir` was written, from its name; nullopt when there is none.
std::optional<Clock::time_point> newest_backup_time(const std::string& dir) {
    auto names = finished_backups(dir);
    if (names.empty()) return std::nullopt;
    std::tm utc{};
    int ms = 0;
    const std::string& n = names.back();
    std::istringstream in(n.substr(kPrefix.size()));
    in >> std::get_time(&utc, "%Y%m%dT%H%M%S");
    if (in.fail()) return std::nullopt;
    if (in.peek() == '.') {
        in.get();
        in >> ms;
    }
    return Clock::from_time_t(::timegm(&utc)) + std::chrono::milliseconds(ms);
}

// True when this node is to back up now: always on SQLite; on PostgreSQL while it holds the lease.
bool may_back_up(const std::string& url, std::unique_ptr<store::AdvisoryLease>& lease) {
    if (!portability::is_postgres_url(url)) return true;
    if (lease && lease->held()) return true;
    lease.reset();
    auto got = store::AdvisoryLease::try_acquire(url, kBackupLeaseKey);
    if (!got) {
        spdlog::warn("backup_failed reason=\"cannot reach the database for the backup lease\"");
        return false;
    }
    lease = std::move(*got);
    if (!lease) spdlog::info("backup_skipped reason=\"another node takes the scheduled backups\"");
    return lease != nullptr;
}

void back_up_once(const Config& config, const std::string& dir) {
    remove_partial(dir);
    portability::BackupOptions options;
    options.store_url = database_url(config);
    options.dest = (fs::path(dir) / backup_name(Clock::now())).string();
    options.now = domain::SystemClock().now();
    std::ostringstream out, err;
    const auto started = std::chrono::steady_clock::now();
    const auto outcome = portability::backup(options, out, err);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (outcome.exit_code != 0) {
        std::string why = err.str();
        while (!why.empty() && why.back() == '\n') why.pop_back();
        if (const auto nl = why.rfind('\n'); nl != std::string::npos) why = why.substr(nl + 1);
        spdlog::warn("backup_failed dest={} reason=\"{}\"", options.dest, why);
        return;
    }
    // The newest backup, read back whole once more: its files against the manifest's hashes.
    if (auto problems = portability::verify_files(options.dest, outcome.manifest); !problems.empty()) {
        spdlog::warn("backup_failed dest={} reason=\"the written backup does not match its manifest: {}\"",
                     options.dest, problems.front());
        return;
    }
    spdlog::info("backup_written dest={} ms={} summary=\"{}\"", options.dest, ms, portability::describe(outcome.manifest));
    prune(dir, config.backup_keep);
}

}  // namespace

void run_backup_schedule(const Config& config, std::stop_token stop) {
    if (config.backup_every_hours <= 0) return;
    const std::string dir = config.backup_dir.empty() ? config.data_dir + "/backups" : config.backup_dir;
    std::error_code ec;
    fs::create_directories(dir, ec);
    ::chmod(dir.c_str(), 0700);
    const auto interval = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double, std::ratio<3600>>(config.backup_every_hours));
    auto due = newest_backup_time(dir).value_or(Clock::now()) + interval;
    spdlog::info("backup_schedule dir={} every_hours={} keep={}", dir, config.backup_every_hours, config.backup_keep);
    std::unique_ptr<store::AdvisoryLease> lease;
    std::mutex mutex;
    std::condition_variable_any wake;
    std::unique_lock lock(mutex);
    while (!stop.stop_requested()) {
        wake.wait_until(lock, stop, due, [] { return false; });
        if (stop.stop_requested()) break;
        try {
            if (may_back_up(database_url(config), lease)) back_up_once(config, dir);
        } catch (const std::exception& e) {  // this thread must not end the process
            spdlog::warn("backup_failed reason=\"{}\"", e.what());
        }
        due = std::max(due + interval, Clock::now() + interval / 2);
    }
}

}  // namespace tribune::app
