#include "portability/restore.hpp"

#include <filesystem>
#include <ostream>
#include <string_view>
#include <system_error>
#include <vector>

#include "portability/backup.hpp"
#include "portability/backup_manifest.hpp"
#include "portability/pg_tools.hpp"
#include "portability/store_digest.hpp"
#include "store/common/summary.hpp"
#include "store/open_store.hpp"
#include "store/pg_snapshot.hpp"
#include "store/sqlite_backup.hpp"

namespace tribune::portability {
namespace {

namespace fs = std::filesystem;

// Whatever a store holds beyond what a new one has (its settings, its migrations).
bool holds_content(const store::StoreSummary& s) {
    return s.articles + s.authors + s.comments + s.users + s.reports + s.bans + s.audit_entries + s.live_updates +
               s.thread_policies >
           0;
}

// PostgreSQL: the database is read, never migrated (a dump of another schema version must not
// land on top of this binary's tables). 0 when it may be restored into; `clean` when it holds an
// empty schema of the backup's version, which pg_restore --clean replaces.
int check_postgres_target(const RestoreOptions& o, const BackupManifest& m, bool& clean, std::ostream& err) {
    auto target = store::inspect_restore_target(o.store_url);
    if (!target) {
        err << "restore: cannot read the database: " << target.error().title << ": " << target.error().message << "\n";
        return 1;
    }
    clean = target->has_schema;
    // pg_restore --clean would drop tables under a running node: every node must be stopped.
    if (target->other_sessions > 0) {
        err << "restore: " << target->other_sessions
            << " other connections use the database (a running node?); stop every node first; nothing was changed\n";
        return 2;
    }
    if (!target->empty) {
        err << "restore: the database is not empty; restore only into a new, empty database (createdb); nothing was "
               "changed\n";
        return 2;
    }
    if (target->has_schema && target->schema_version != m.schema_version) {
        err << "restore: the database holds Tribune's tables at schema " << target->schema_version
            << " and the backup is schema " << m.schema_version
            << "; restore into a new database (createdb); nothing was changed\n";
        return 2;
    }
    return 0;
}

// SQLite: 0 when the store is empty or not there yet and no other process has it open, else an
// exit code after saying why. An existing store is opened and closed again before anything is
// written (the restore replaces the whole file).
int check_sqlite_target(const RestoreOptions& o, std::ostream& err) {
    auto path = store::sqlite_file(o.store_url);
    if (!path) {
        err << "restore: " << path.error().message << "\n";
        return 2;
    }
    std::error_code ec;
    if (!fs::exists(*path, ec)) return 0;
    auto open_elsewhere = store::sqlite_open_elsewhere(*path);
    if (!open_elsewhere) {
        err << "restore: " << open_elsewhere.error().message << "\n";
        return 1;
    }
    if (*open_elsewhere) {
        err << "restore: another process (a running server?) has " << *path
            << " open; stop it before restoring; nothing was changed\n";
        return 2;
    }
    auto target = store::open_store(o.store_url);
    if (!target) {
        err << "restore: cannot open the store: " << target.error().title << ": " << target.error().message << "\n";
        return 1;
    }
    auto summary = (*target)->summary();
    if (!summary) {
        err << "restore: cannot read the store: " << summary.error().message << "\n";
        return 1;
    }
    auto media = store::summarize_media(**target);
    if (!media) {
        err << "restore: cannot read the store: " << media.error().message << "\n";
        return 1;
    }
    if (holds_content(*summary) || media->items > 0) {
        err << "restore: the store is not empty (" << store::describe(*summary) << ", " << store::describe(*media)
            << "); restore only into a new, empty store; nothing was changed\n";
        return 2;
    }
    return 0;
}

domain::Result<void> restore_sqlite(const RestoreOptions& o, std::ostream& err) {
    auto path = store::sqlite_file(o.store_url);
    if (!path) return path.error();
    const fs::path parent = fs::path(*path).parent_path();
    std::error_code ec;
    if (!parent.empty()) fs::create_directories(parent, ec);
    err << "restore: copying the database and its media into " << *path << "\n";
    auto copied = store::copy_sqlite(o.src + "/tribune.db", *path, 1024);
    if (!copied) return copied.error();
    err << "restore: " << copied->pages << " pages, " << copied->media_files << " media files\n";
    return {};
}

domain::Result<void> restore_postgres(const RestoreOptions& o, bool clean, std::ostream& err) {
    const PgTarget target = split_password(o.store_url);
    err << "restore: pg_restore into " << target.url << "\n";
    // All or nothing; an empty schema of the dump's version is replaced (--clean). The next open
    // migrates to this build's version.
    std::vector<std::string> args{"--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                                  "--no-password", "--dbname=" + target.url, o.src + "/tribune.dump"};
    if (clean) args.insert(args.begin(), {"--clean", "--if-exists"});
    return run_pg_tool("pg_restore", args, target);
}

}  // namespace

int restore(const RestoreOptions& options, std::ostream& out, std::ostream& err) {
    const std::string& src = options.src;
    auto manifest = read_manifest(src);
    if (!manifest) {
        err << "restore: " << manifest.error().title << ": " << manifest.error().message << "\n";
        return 2;
    }
    const bool to_postgres = is_postgres_url(options.store_url);
    if ((manifest->engine == "postgresql") != to_postgres) {
        err << "restore: " << src << " is a " << manifest->engine << " backup and the store is "
            << (to_postgres ? "PostgreSQL" : "SQLite")
            << "; restore it into a store of its engine, then `tribune migrate-store` between engines\n";
        return 2;
    }
    err << "restore: checking " << manifest->files.size() << " files against " << kManifestName << "\n";
    if (auto problems = verify_files(src, *manifest); !problems.empty()) {
        err << "restore: the backup at " << src << " is damaged or altered; nothing was restored:\n";
        for (const auto& p : problems) err << "  " << p << "\n";
        return 2;
    }
    bool clean = false;
    if (const int refused = to_postgres ? check_postgres_target(options, *manifest, clean, err) : check_sqlite_target(options, err);
        refused != 0)
        return refused;

    auto restored = to_postgres ? restore_postgres(options, clean, err) : restore_sqlite(options, err);
    if (!restored) {
        err << "restore: " << restored.error().title << ": " << restored.error().message << "\n";
        return 1;
    }
    auto opened = store::open_store(options.store_url);
    if (!opened) {
        err << "restore: the restored store does not open: " << opened.error().title << ": " << opened.error().message
            << "\n";
        return 1;
    }
    auto digest = digest_store(**opened);
    if (!digest) {
        err << "restore: cannot summarise the restored store: " << digest.error().message << "\n";
        return 1;
    }
    if (auto differences = digest_differences(*manifest, *digest); !differences.empty()) {
        err << "restore: the restored store differs from the backup's manifest (manifest vs restored):\n";
        for (const auto& d : differences) err << "  " << d << "\n";
        return 1;
    }
    out << "restored " << describe(*manifest) << "\n";
    out << "verified: " << store::describe(digest->summary) << ", " << store::describe(digest->media)
        << " match the manifest\n";
    return 0;
}

}  // namespace tribune::portability
