#include "store/open_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string_view>
#include <system_error>

#include "store/postgres/pg_store.hpp"
#include "store/sqlite/integrity_check.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace tribune::store {
namespace {

using domain::ErrorCode;
using domain::make_error;

constexpr std::string_view kSqliteScheme = "sqlite://";

// The file path of an sqlite:// URL. Errors: kInvalid when there is none.
Result<std::string> sqlite_path(std::string_view url) {
    std::string path(url.substr(kSqliteScheme.size()));
    if (path.empty() || path == ":memory:" || path.front() == '?')
        return make_error(ErrorCode::kInvalid, "Invalid database URL", "A sqlite:// URL needs a file path.");
    return path;
}

Result<std::unique_ptr<Store>> open_sqlite(std::string path) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(parent, ec);
        if (ec)
            return make_error(ErrorCode::kUnavailable, "Database directory unavailable",
                              "The database directory " + parent.string() + " cannot be created (" + ec.message() +
                                  ").");
    }
    // Only its owner may read the store (SQLite gives the -wal and -shm files the database file's
    // permissions): create it 0600 before SQLite would create it with the process umask.
    if (const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600); fd >= 0) ::close(fd);
    sqlite::SqliteOptions options;
    options.path = std::move(path);
    auto store = sqlite::SqliteStore::open(std::move(options));
    if (!store) return store.error();
    return std::unique_ptr<Store>(std::move(*store));
}

// The URL goes to libpq as it is; it never appears in an error (it may hold a password).
Result<std::unique_ptr<Store>> open_postgres(const std::string& url) {
    postgres::PgOptions options;
    options.conninfo = url;
    auto store = postgres::PgStore::open(std::move(options));
    // The engine's "busy or unavailable" says too little at start; its other refusals (a schema
    // from a newer Tribune) say what to do and stay as they are.
    if (!store && store.error().reason == domain::ErrorReason::kDatabaseUnreachable)
        return make_error(ErrorCode::kUnavailable, "Database unavailable",
                          "The PostgreSQL database cannot be reached or set up.");
    if (!store) return store.error();
    return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(const std::string& url) {
    const std::string_view u = url;
    if (u.starts_with(kSqliteScheme)) {
        auto path = sqlite_path(u);
        if (!path) return path.error();
        return open_sqlite(std::move(*path));
    }
    if (u.starts_with("postgres://") || u.starts_with("postgresql://")) return open_postgres(url);
    return make_error(ErrorCode::kInvalid, "Invalid database URL", "unknown database URL");
}

Result<std::vector<std::string>> check_store(const std::string& url, int max_problems) {
    const std::string_view u = url;
    if (u.starts_with("postgres://") || u.starts_with("postgresql://"))
        return make_error(ErrorCode::kInvalid, "Nothing to check",
                          "PostgreSQL checks its own pages; `tribune check` reads SQLite stores.");
    if (!u.starts_with(kSqliteScheme))
        return make_error(ErrorCode::kInvalid, "Invalid database URL", "unknown database URL");
    auto path = sqlite_path(u);
    if (!path) return path.error();
    auto report = sqlite::check_file(*path, max_problems);
    if (!report) return report.error();
    return std::move(report->problems);
}

std::string default_sqlite_url(const std::string& data_dir) {
    std::string_view dir = data_dir;
    while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
    return std::string(kSqliteScheme) + std::string(dir) + "/tribune.db";
}

}  // namespace tribune::store
