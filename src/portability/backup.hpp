#pragma once
// `tribune backup DEST`: a consistent, verified copy of the store taken while it serves.
// SQLite: the online backup API (DEST/tribune.db) and the media files (DEST/tribune.db-media/);
// PostgreSQL: pg_dump's custom format (DEST/tribune.dump, media bytes included) taken in a
// snapshot the summary is computed in. Either way DEST/manifest.json records the engine, schema
// version, summaries and each file's SHA-256 (backup_manifest.hpp). Written to
// DEST.partial-<pid>-<time> and renamed at the end, so a failed backup leaves nothing that
// looks complete.

#include <iosfwd>
#include <string>

#include "domain/time.hpp"

#include "portability/backup_manifest.hpp"

namespace tribune::portability {

struct BackupOptions {
    std::string store_url;  // the configured store (sqlite://... or postgres://...)
    std::string dest;       // a directory that does not exist or is empty
    int pages_per_step = 256;  // SQLite pages per online-backup step
    domain::Time now{};        // when the backup is taken (its manifest's created_at)
};

struct BackupOutcome {
    int exit_code = 0;  // 0 written and verified; 1 failed (nothing left at DEST); 2 refused
    BackupManifest manifest;  // when exit_code is 0
};

/// Takes the backup, verifies it and prints a summary on `out` (progress and errors on `err`;
/// no password is ever printed).
BackupOutcome backup(const BackupOptions& options, std::ostream& out, std::ostream& err);

/// "sqlite backup, schema 14: 3 articles, ... checksum ..., 2 media items (12 bytes); 4 files, 81920 bytes".
std::string describe(const BackupManifest& m);

}  // namespace tribune::portability
