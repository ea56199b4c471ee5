#pragma once
// A backup's manifest.json: what the backup holds (engine, schema version, the store's summary
// and media summary taken from the copy itself) and each file's size and SHA-256, so that a
// restore can refuse a damaged or altered backup before touching anything.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "store/common/media_transfer.hpp"
#include "store/transfer_types.hpp"

namespace tribune::portability {

inline constexpr int kBackupFormat = 1;
inline constexpr const char* kManifestName = "manifest.json";

/// One file of a backup, by its path relative to the backup directory.
struct BackupFile {
    std::string path;  // "tribune.db", "tribune.db-media/<hash>", "tribune.dump"
    std::int64_t bytes = 0;
    std::string sha256;  // lower-case hex
    bool operator==(const BackupFile&) const = default;
};

struct BackupManifest {
    int format = kBackupFormat;
    std::string engine;  // "sqlite" or "postgresql"
    int schema_version = 0;
    std::string created_at;  // RFC 3339, UTC
    std::string summary_source;  // how the summary was taken ("the copy", "the dump's snapshot")
    store::StoreSummary summary;
    store::MediaSummary media;
    std::vector<BackupFile> files;
    bool operator==(const BackupManifest&) const = default;
};

/// The manifest as JSON (one object, a trailing newline).
std::string to_json(const BackupManifest& m);

/// Reads a manifest. Errors: kMalformed for text that is not a manifest of a known format,
/// naming what is wrong.
domain::Result<BackupManifest> parse_manifest(std::string_view json);

/// The file's size and SHA-256, read a piece at a time. Errors: kNotFound; kUnavailable.
domain::Result<BackupFile> describe_file(const std::string& dir, const std::string& relative_path);

/// Every regular file under `dir` (relative paths, sorted), the manifest itself left out.
domain::Result<std::vector<std::string>> files_under(const std::string& dir);

/// Checks the backup at `dir` against its manifest: every listed file is there with its size
/// and SHA-256, and nothing else is (bar the manifest). Returns one line per problem (empty: the
/// backup is intact), at most 20.
std::vector<std::string> verify_files(const std::string& dir, const BackupManifest& m);

/// Reads `dir`/manifest.json. Errors: kNotFound when there is none; kMalformed.
domain::Result<BackupManifest> read_manifest(const std::string& dir);

/// Writes `dir`/manifest.json (0600) and syncs it. Errors: kUnavailable.
domain::Result<void> write_manifest(const std::string& dir, const BackupManifest& m);


}  // namespace tribune::portability
