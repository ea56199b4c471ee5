#pragma once
// Where a node finds the bytes of a media item to serve: the store's own file (SQLite keeps
// media in files beside the database), or this node's disk cache of what it served (PostgreSQL
// keeps media in the database: the first request copies it here, in 4 MiB reads, to a
// temporary file renamed into place). The cache is bounded: past max_bytes the least recently
// written files go.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "store/media_store.hpp"

namespace tribune::http {

class MediaCache {
public:
    /// `dir` is created (0700) on first use; empty: no cache (PostgreSQL media then answers 503).
    MediaCache(std::string dir, std::uint64_t max_bytes);

    /// A local file holding `item`'s bytes. Errors: the store's; kUnavailable when the cache
    /// cannot be written.
    domain::Result<std::string> local_file(store::MediaStore& store, const store::MediaItem& item);

private:
    domain::Result<void> fill(store::MediaStore& store, const store::MediaItem& item, const std::string& path);
    void trim();

    std::string dir_;
    std::uint64_t max_bytes_;
    std::mutex trim_mutex_;
};

}  // namespace tribune::http
