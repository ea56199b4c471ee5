#pragma once
// Where a node finds the bytes of a media item to serve: the store's own file (SQLite keeps
// media in files beside the database), or this node's disk cache of what it served (PostgreSQL
// keeps media in the database: the first request copies it here, in 4 MiB reads, to a
// temporary file renamed into place). The cache is bounded: past max_bytes the least recently
// written files go.
//
// What it answers is an open file, never a name: a file trimmed while it is being sent is sent
// whole (its name goes, its bytes stay until closed). Requests for an item being copied wait for
// that one copy; an item larger than the whole cache is copied for its request alone, into a
// file with no name, and pushes nothing out; copies in progress (".<hash>.tmp-N") are neither
// counted nor trimmed.

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "http/response.hpp"
#include "store/media_store.hpp"

namespace tribune::http {

class MediaCache {
public:
    /// `dir` is created (0700) on first use; empty: no cache (PostgreSQL media then answers 503).
    MediaCache(std::string dir, std::uint64_t max_bytes);

    /// An open file holding `item`'s bytes. Errors: the store's; kUnavailable when the cache
    /// cannot be written.
    domain::Result<std::shared_ptr<const OpenFile>> open(store::MediaStore& store, const store::MediaItem& item);

    /// How many copies from the store have been made (for tests: one per item filled).
    std::uint64_t fills() const;

private:
    struct Fill;
    domain::Result<bool> fill_once(store::MediaStore& store, const store::MediaItem& item, const std::string& path);
    domain::Result<void> fill(store::MediaStore& store, const store::MediaItem& item, const std::string& path);
    domain::Result<std::shared_ptr<const OpenFile>> private_copy(store::MediaStore& store, const store::MediaItem& item);
    void trim();

    std::string dir_;
    std::uint64_t max_bytes_;
    std::mutex trim_mutex_;
    mutable std::mutex fill_mutex_;
    std::condition_variable fill_done_;
    std::map<std::string, std::shared_ptr<Fill>, std::less<>> filling_;  // by hash: copies in progress
    std::uint64_t fills_ = 0;
};

}  // namespace tribune::http
