#pragma once
// Where SQLite keeps media bytes: one file per item, named by its hash, in a directory beside
// the database ("tribune.db" -> "tribune.db-media/"), like its -wal and -shm files. A file is
// written whole to a temporary name, synced and renamed (and the directory synced) before its
// row commits, so a row never names a missing or partial file.

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace tribune::store::sqlite {

/// The media directory of the database at `db_path`.
std::string media_dir_for(const std::string& db_path);

/// The file of `hash` (a checked media hash) in `dir`.
std::string media_path(const std::string& dir, std::string_view hash);

/// Writes `bytes` as the file of `hash` unless a file of that size is there already.
/// Errors: kUnavailable (Storage full / Storage unavailable) when it cannot be written.
domain::Result<void> write_media_file(const std::string& dir, std::string_view hash, std::string_view bytes);

/// Up to `length` bytes of the file from `offset`. Errors: kNotFound for a missing file.
domain::Result<std::string> read_media_file(const std::string& path, std::int64_t offset, std::int64_t length);

}  // namespace tribune::store::sqlite
