// SQLite's online backup API and the media files beside the database (store/sqlite_backup.hpp).
#include "store/sqlite_backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <thread>

#include <sqlite3.h>

#include "store/media_store.hpp"
#include "store/sqlite/media_files.hpp"

namespace tribune::store::sqlite_copy {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr std::string_view kSqliteScheme = "sqlite://";
// A step is short and a pause lets a waiting writer in; a source written to constantly would
// restart a page-by-page copy forever, so after this many restarts the rest goes in one step.
constexpr auto kPause = std::chrono::milliseconds(5);
constexpr int kRestartsBeforeOneStep = 3;
constexpr int kBusyRetries = 2000;  // ~10 s of SQLITE_BUSY in a row at most

struct Db {
    sqlite3* db = nullptr;
    ~Db() { sqlite3_close_v2(db); }
};

domain::Error unavailable(const std::string& what, sqlite3* db) {
    return make_error(ErrorCode::kUnavailable, "Backup failed",
                      what + (db ? std::string(": ") + sqlite3_errmsg(db) : std::string()));
}

domain::Result<void> open_db(const std::string& path, int flags, Db& out) {
    const int rc = sqlite3_open_v2(path.c_str(), &out.db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) return unavailable("cannot open " + path, out.db);
    sqlite3_busy_timeout(out.db, 5000);
    return {};
}

domain::Result<void> backup_pages(sqlite3* source, sqlite3* dest, int pages_per_step, SqliteCopy& copy) {
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", source, "main");
    if (!b) return unavailable("cannot start the copy", dest);
    int rc = SQLITE_OK;
    int busy = 0;
    int last_remaining = -1;
    for (;;) {
        const int step = copy.restarts >= kRestartsBeforeOneStep ? -1 : pages_per_step;
        rc = sqlite3_backup_step(b, step);
        if (rc == SQLITE_DONE) break;
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            if (++busy > kBusyRetries) break;
            std::this_thread::sleep_for(kPause);
            continue;
        }
        if (rc != SQLITE_OK) break;
        busy = 0;
        const int remaining = sqlite3_backup_remaining(b);
        if (last_remaining >= 0 && remaining > last_remaining) ++copy.restarts;
        last_remaining = remaining;
        std::this_thread::sleep_for(kPause);
    }
    copy.pages = sqlite3_backup_pagecount(b);
    const int finished = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) return unavailable("the copy stopped (" + std::string(sqlite3_errstr(rc)) + ")", nullptr);
    if (finished != SQLITE_OK) return unavailable("the copy did not finish", dest);
    return {};
}

domain::Result<int> schema_version(sqlite3* db) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &st, nullptr) !=
        SQLITE_OK)
        return unavailable("the copy has no schema_migrations table", db);
    int version = 0;
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return version;
}

bool sync_path(const std::string& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Copies one media file whole to a temporary name, syncs and renames it, 0600.
domain::Result<void> copy_media_file(const std::string& from, const std::string& to, std::int64_t size) {
    std::error_code ec;
    const auto have = std::filesystem::file_size(from, ec);
    if (ec) return make_error(ErrorCode::kNotFound, "Backup failed", "media file " + from + " is missing");
    if (static_cast<std::int64_t>(have) != size)
        return make_error(ErrorCode::kUnavailable, "Backup failed",
                          "media file " + from + " holds " + std::to_string(have) + " bytes, its item " +
                              std::to_string(size));
    const std::string tmp = to + ".tmp";
    std::filesystem::copy_file(from, tmp, std::filesystem::copy_options::overwrite_existing, ec);
    if (!ec) std::filesystem::permissions(tmp, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                          ec);
    if (ec || !sync_path(tmp, O_RDONLY)) return unavailable("cannot write " + tmp + " (" + ec.message() + ")", nullptr);
    std::filesystem::rename(tmp, to, ec);
    if (ec) return unavailable("cannot write " + to + " (" + ec.message() + ")", nullptr);
    return {};
}

domain::Result<void> copy_media(sqlite3* copy_db, const std::string& from_dir, const std::string& to_dir,
                                SqliteCopy& copy) {
    sqlite3_stmt* st = nullptr;
    // Before the media library's migration there is no table and nothing to copy.
    if (sqlite3_prepare_v2(copy_db, "SELECT hash, bytes FROM media ORDER BY hash", -1, &st, nullptr) != SQLITE_OK)
        return {};
    std::error_code ec;
    std::filesystem::create_directories(to_dir, ec);
    if (!ec) std::filesystem::permissions(to_dir, std::filesystem::perms::owner_all, ec);
    if (ec) {
        sqlite3_finalize(st);
        return unavailable("cannot create " + to_dir + " (" + ec.message() + ")", nullptr);
    }
    domain::Result<void> result;
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        const std::string hash = text ? text : "";
        const std::int64_t size = sqlite3_column_int64(st, 1);
        if (!is_media_hash(hash)) {
            result = make_error(ErrorCode::kUnavailable, "Backup failed", "a media row names no valid hash");
            break;
        }
        result = copy_media_file(sqlite::media_path(from_dir, hash), sqlite::media_path(to_dir, hash), size);
        if (!result) break;
        ++copy.media_files;
        copy.media_bytes += size;
    }
    sqlite3_finalize(st);
    if (result && rc != SQLITE_DONE) result = unavailable("cannot list the copy's media", copy_db);
    if (result && copy.media_files > 0 && !sync_path(to_dir, O_RDONLY | O_DIRECTORY))
        result = unavailable("cannot sync " + to_dir, nullptr);
    return result;
}

}  // namespace
}  // namespace tribune::store::sqlite_copy

namespace tribune::store {


domain::Result<std::string> sqlite_file(const std::string& url) {
    if (!std::string_view(url).starts_with(sqlite_copy::kSqliteScheme))
        return domain::make_error(domain::ErrorCode::kInvalid, "Invalid database URL", "not a sqlite:// URL");
    std::string path = url.substr(sqlite_copy::kSqliteScheme.size());
    if (path.empty() || path == ":memory:" || path.front() == '?')
        return domain::make_error(domain::ErrorCode::kInvalid, "Invalid database URL", "A sqlite:// URL needs a file path.");
    return path;
}

std::string sqlite_media_dir(const std::string& db_path) { return sqlite::media_dir_for(db_path); }

domain::Result<SqliteCopy> copy_sqlite(const std::string& from, const std::string& to, int pages_per_step) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(from, ec))
        return domain::make_error(domain::ErrorCode::kNotFound, "No database", "there is no database file at " + from);
    // Only its owner may read a copy: create it 0600 before SQLite would use the umask.
    if (const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
    sqlite_copy::Db source, dest;
    if (auto ok = sqlite_copy::open_db(from, SQLITE_OPEN_READONLY, source); !ok) return ok.error();
    if (auto ok = sqlite_copy::open_db(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, dest); !ok) return ok.error();
    SqliteCopy copy;
    if (auto ok = sqlite_copy::backup_pages(source.db, dest.db, pages_per_step < 1 ? 1 : pages_per_step, copy); !ok)
        return ok.error();
    auto version = sqlite_copy::schema_version(dest.db);
    if (!version) return version.error();
    copy.schema_version = *version;
    if (auto ok = sqlite_copy::copy_media(dest.db, sqlite_media_dir(from), sqlite_media_dir(to), copy); !ok) return ok.error();
    return copy;
}

domain::Result<void> seal_sqlite_copy(const std::string& path) {
    sqlite_copy::Db db;
    if (auto ok = sqlite_copy::open_db(path, SQLITE_OPEN_READWRITE, db); !ok) return ok.error();
    char* message = nullptr;
    const int rc = sqlite3_exec(db.db, "PRAGMA journal_mode = DELETE", nullptr, nullptr, &message);
    std::string why = message ? message : "";
    sqlite3_free(message);
    if (rc != SQLITE_OK) return sqlite_copy::unavailable("cannot seal " + path + " (" + why + ")", nullptr);
    return {};
}

domain::Result<bool> sqlite_open_elsewhere(const std::string& db_path) {
    const std::string shm = db_path + "-shm";
    const int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return false;
        return domain::make_error(domain::ErrorCode::kUnavailable, "Cannot check the database",
                          "cannot read " + shm + ": " + std::strerror(errno));
    }
    // SQLite's unix VFS: every connection in WAL mode holds a shared lock on the "DMS" byte
    // (offset 128, after the 8 lock slots at 120) while it is open; a write lock there would
    // conflict with any of them.
    struct flock probe {};
    probe.l_type = F_WRLCK;
    probe.l_whence = SEEK_SET;
    probe.l_start = 128;
    probe.l_len = 1;
    const int rc = ::fcntl(fd, F_GETLK, &probe);
    const int err = errno;
    ::close(fd);
    if (rc != 0)
        return domain::make_error(domain::ErrorCode::kUnavailable, "Cannot check the database",
                          "cannot probe " + shm + ": " + std::strerror(err));
    return probe.l_type != F_UNLCK;
}

}  // namespace tribune::store
