#include "portability/backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string_view>
#include <system_error>

#include "portability/pg_tools.hpp"
#include "portability/store_digest.hpp"
#include "store/common/summary.hpp"
#include "store/open_store.hpp"
#include "store/pg_snapshot.hpp"
#include "store/sqlite_backup.hpp"

namespace tribune::portability {
namespace {

namespace fs = std::filesystem;
using domain::ErrorCode;
using domain::make_error;

constexpr const char* kSqliteFile = "tribune.db";
constexpr const char* kDumpFile = "tribune.dump";

std::string trimmed(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
}

// 0 when DEST may be written, else 2 after saying why.
int check_dest(const std::string& dest, std::ostream& err) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(dest, ec))) return 0;
    if (!fs::is_directory(dest, ec)) {
        err << "backup: " << dest << " exists and is not a directory; refusing to write there\n";
        return 2;
    }
    if (!fs::is_empty(dest, ec) || ec) {
        err << "backup: " << dest << " exists and is not empty; refusing to write there (name a new directory)\n";
        return 2;
    }
    return 0;
}

bool sync_dir(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// The copy itself, opened as a store after writing: its summaries, its media re-hashed.
domain::Result<StoreDigest> digest_copy(const std::string& db_path) {
    auto copy = store::open_store("sqlite://" + db_path);
    if (!copy) return copy.error();
    auto digest = digest_store(**copy);
    if (!digest) return digest.error();
    if (!digest->bad_media.empty())
        return make_error(ErrorCode::kUnavailable, "Backup failed", "the copy's " + digest->bad_media.front());
    return digest;
}

domain::Result<BackupManifest> sqlite_backup(const BackupOptions& o, const std::string& dir, std::ostream& err) {
    auto source = store::sqlite_file(o.store_url);
    if (!source) return source.error();
    const std::string copy_path = dir + "/" + kSqliteFile;
    err << "backup: copying " << *source << " (SQLite online backup)\n";
    auto copied = store::copy_sqlite(*source, copy_path, o.pages_per_step);
    if (!copied) return copied.error();
    err << "backup: " << copied->pages << " pages copied (" << copied->restarts << " restarts), "
        << copied->media_files << " media files (" << copied->media_bytes << " bytes)\n";
    auto digest = digest_copy(copy_path);  // closed again before it is sealed and checked
    if (!digest) return digest.error();
    if (auto sealed = store::seal_sqlite_copy(copy_path); !sealed) return sealed.error();
    std::error_code ec;
    for (const char* side : {"-wal", "-shm"}) fs::remove(copy_path + side, ec);
    auto problems = store::check_store("sqlite://" + copy_path, 10);
    if (!problems) return problems.error();
    if (!problems->empty())
        return make_error(ErrorCode::kUnavailable, "Backup failed",
                          "the copy fails SQLite's integrity check: " + problems->front());
    err << "backup: integrity check of the copy: ok\n";
    BackupManifest m;
    m.engine = "sqlite";
    m.schema_version = copied->schema_version;
    m.summary_source = "the copy, opened after writing";
    m.summary = digest->summary;
    m.media = digest->media;
    return m;
}

domain::Result<BackupManifest> postgres_backup(const BackupOptions& o, const std::string& dir, std::ostream& err) {
    const PgTarget target = split_password(o.store_url);
    const std::string dump = dir + "/" + kDumpFile;
    err << "backup: pg_dump of " << target.url << " (custom format)\n";
    auto taken = store::summarize_in_snapshot(o.store_url, [&](const std::string& snapshot) {
        return run_pg_tool("pg_dump",
                           {"--format=custom", "--no-password", "--snapshot=" + snapshot, "--file=" + dump,
                            "--dbname=" + target.url},
                           target);
    });
    if (!taken) return taken.error();
    ::chmod(dump.c_str(), 0600);
    auto listed = capture_pg_tool("pg_restore", {"--list", dump}, target);
    if (!listed) return listed.error();
    if (listed->find("TABLE DATA") == std::string::npos || listed->find(" comments ") == std::string::npos)
        return make_error(ErrorCode::kUnavailable, "Backup failed",
                          "pg_restore --list does not find the comments' data in the dump");
    err << "backup: pg_restore --list reads the dump: ok\n";
    BackupManifest m;
    m.engine = "postgresql";
    m.schema_version = taken->schema_version;
    m.summary_source = "the dump's snapshot";
    m.summary = taken->summary;
    m.media = taken->media;
    return m;
}

domain::Result<BackupManifest> write_backup(const BackupOptions& o, const std::string& dir, std::ostream& err) {
    auto m = is_postgres_url(o.store_url) ? postgres_backup(o, dir, err) : sqlite_backup(o, dir, err);
    if (!m) return m.error();
    m->created_at = domain::format_rfc3339(o.now);
    auto files = files_under(dir);
    if (!files) return files.error();
    for (const std::string& f : *files) {
        auto described = describe_file(dir, f);
        if (!described) return described.error();
        m->files.push_back(std::move(*described));
    }
    if (auto ok = write_manifest(dir, *m); !ok) return ok.error();
    if (!sync_dir(dir)) return make_error(ErrorCode::kUnavailable, "Backup failed", "cannot sync " + dir);
    return m;
}

}  // namespace

std::string describe(const BackupManifest& m) {
    std::int64_t bytes = 0;
    for (const auto& f : m.files) bytes += f.bytes;
    return m.engine + " backup, schema " + std::to_string(m.schema_version) + ": " + store::describe(m.summary) +
           ", " + store::describe(m.media) + "; " + std::to_string(m.files.size()) + " files, " +
           std::to_string(bytes) + " bytes";
}

BackupOutcome backup(const BackupOptions& options, std::ostream& out, std::ostream& err) {
    BackupOutcome outcome;
    const std::string dest = trimmed(options.dest);
    if (dest.empty()) {
        err << "backup: name a destination directory\n";
        outcome.exit_code = 2;
        return outcome;
    }
    if ((outcome.exit_code = check_dest(dest, err)) != 0) return outcome;
    const fs::path parent = fs::path(dest).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    const auto stamp = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    const std::string partial = dest + ".partial-" + std::to_string(::getpid()) + "-" + std::to_string(stamp);
    if (::mkdir(partial.c_str(), 0700) != 0) {
        err << "backup: cannot create " << partial << "\n";
        outcome.exit_code = 1;
        return outcome;
    }
    auto written = write_backup(options, partial, err);
    if (written) {
        // An empty DEST was allowed: it gives way to the finished backup.
        if (fs::exists(dest, ec)) fs::remove(dest, ec);
        fs::rename(partial, dest, ec);
        if (ec) written = make_error(ErrorCode::kUnavailable, "Backup failed", "cannot rename " + partial + ": " + ec.message());
        else sync_dir(parent.empty() ? "." : parent.string());
    }
    if (!written) {
        fs::remove_all(partial, ec);
        err << "backup: " << written.error().title << ": " << written.error().message << "\n";
        outcome.exit_code = 1;
        return outcome;
    }
    outcome.manifest = std::move(*written);
    out << "backup written to " << dest << ": " << describe(outcome.manifest) << "\n";
    out << "verified: " << (outcome.manifest.engine == "sqlite" ? "SQLite integrity check, " : "pg_restore --list, ")
        << "summary of " << outcome.manifest.summary_source << ", every file's SHA-256 in " << kManifestName << "\n";
    return outcome;
}

}  // namespace tribune::portability
