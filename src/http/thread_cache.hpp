#pragma once
// Encoded first pages of hot threads, kept until the thread changes (DESIGN.md: hot threads are
// read far more than written). Every write to a page bumps its version and drops its entries.

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace tribune::http {

struct CachedBody {
    std::shared_ptr<const std::string> body;
    std::string etag;
};

class ThreadCache {
public:
    /// `max_age`: entries older than this are not served (relative times in HTML go stale).
    /// `max_pages`: past this many cached pages the cache starts over, bounding memory.
    explicit ThreadCache(std::chrono::seconds max_age = std::chrono::seconds(30), std::size_t max_pages = 10000);

    /// The page's current version; read it before building a body to put().
    std::uint64_t version(const std::string& page);

    /// A fresh entry for (page, key), if any. Thread-safe, never blocks on I/O.
    std::optional<CachedBody> get(const std::string& page, const std::string& key);

    /// Stores a body built from the page as it was at `version`; ignored if the page changed since.
    void put(const std::string& page, const std::string& key, std::uint64_t version, CachedBody body);

    /// The page changed: bump its version and drop its entries.
    void invalidate(const std::string& page);

private:
    struct Entry {
        CachedBody body;
        std::chrono::steady_clock::time_point stored_at;
    };
    struct PageEntries {
        std::uint64_t version = 0;
        std::unordered_map<std::string, Entry> entries;
    };

    std::chrono::seconds max_age_;
    std::size_t max_pages_;
    std::mutex mutex_;
    std::uint64_t next_version_ = 1;  // global so a dropped-and-recreated page never reuses a version
    std::unordered_map<std::string, PageEntries> pages_;
};

}  // namespace tribune::http
