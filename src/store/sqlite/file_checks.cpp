#include "store/sqlite/file_checks.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "store/common/store_errors.hpp"
#include "store/sqlite/start_check.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::ErrorCode;
using domain::make_error;

// "read-only file system" or "permission denied", for a path that failed access(W_OK).
std::string why_unwritable(int error) {
    if (error == EROFS) return "it is on a read-only file system";
    if (error == EACCES || error == EPERM) return "this user may not write to it";
    return std::strerror(error);
}

std::optional<domain::Error> unwritable(const std::string& what, const std::string& path, int error) {
    return make_error(ErrorCode::kUnavailable, "Database not writable",
                      "The " + what + " " + path + " is not writable (" + why_unwritable(error) +
                          "). Tribune writes its database there; make it writable or point --data or --db "
                          "elsewhere.");
}

}  // namespace

std::optional<domain::Error> check_database_path(const std::string& path) {
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return make_error(ErrorCode::kUnavailable, "Database path is a directory",
                          "The database path " + path + " is a directory, not a file. Point --data or --db at "
                          "a file's place.");
    if (exists && !S_ISREG(st.st_mode))
        return make_error(ErrorCode::kUnavailable, "Database path is not a file",
                          "The database path " + path + " is not a regular file.");
    std::string dir = std::filesystem::path(path).parent_path().string();
    if (dir.empty()) dir = ".";
    if (::access(dir.c_str(), W_OK | X_OK) != 0) return unwritable("directory", dir, errno);
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
        if (::access(file.c_str(), F_OK) != 0) continue;
        if (::access(file.c_str(), R_OK | W_OK) != 0) return unwritable("file", file, errno);
    }
    return std::nullopt;
}

domain::Error explain_open_failure(const domain::Error& e, const std::string& path) {
    if (e.reason == domain::ErrorReason::kDatabaseDamaged)
        return damaged_at_start(path, "SQLite cannot read it as a database");
    if (e.reason == domain::ErrorReason::kStorageFull)
        return make_error(ErrorCode::kUnavailable, "Disk full",
                          "The disk holding " + path + " is full. Free some space and start again.");
    if (e.reason == domain::ErrorReason::kStorageFailing)
        return make_error(ErrorCode::kUnavailable, "Database not writable",
                          "The database file " + path +
                              " cannot be opened for writing (read-only, not permitted, or a failing disk).");
    return e;
}

}  // namespace tribune::store::sqlite
