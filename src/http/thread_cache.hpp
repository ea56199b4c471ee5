#pragma once
// Encoded first pages of hot threads, kept until the thread changes (hot threads are read far
// more than written). Every write to a page bumps its version and drops its entries. Memory is
// bounded three ways: pages, entries per page, and bytes in all, the least recently used going
// first; keys come from parsed, canonical request values, never raw query text. An entry's
// gzip and Brotli forms are made once, before it is stored, and count in the byte budget: by
// the one request that claim()s the entry, so a burst of misses on one page compresses once.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace tribune::http {

struct Variants;  // http/compression.hpp

struct CachedBody {
    std::shared_ptr<const std::string> body;
    std::string etag;
    std::shared_ptr<const Variants> variants = nullptr;  // its compressed forms; null: none
};

struct ThreadCacheLimits {
    std::chrono::seconds max_age{30};     // entries older than this are not served (relative times go stale)
    std::size_t max_pages = 10000;        // pages with a version kept; past it the versions start over
    std::size_t max_entries_per_page = 8;  // bodies per page (sort orders, limits, the HTML page)
    std::size_t max_bytes = 64u << 20;    // bodies, their compressed forms, keys and page names in all
};

class ThreadCache {
public:
    explicit ThreadCache(ThreadCacheLimits limits = {});

    /// The page's current version; read it before building a body to put().
    std::uint64_t version(const std::string& page);

    /// A fresh entry for (page, key), if any. Thread-safe, never blocks on I/O.
    std::optional<CachedBody> get(const std::string& page, const std::string& key);

    /// The right to fill (page, key) at `version`: held by one caller at a time, until the Fill
    /// is destroyed. Compress and put() only while holding it; a caller that gets none answers
    /// from its own body. Released on destruction; must not outlive the cache.
    class Fill {
    public:
        Fill(ThreadCache& cache, std::string page, std::string key, std::uint64_t version)
            : cache_(&cache), page_(std::move(page)), key_(std::move(key)), version_(version) {}
        Fill(Fill&& other) noexcept
            : cache_(std::exchange(other.cache_, nullptr)), page_(std::move(other.page_)),
              key_(std::move(other.key_)), version_(other.version_) {}
        Fill& operator=(Fill&&) = delete;
        ~Fill();

    private:
        ThreadCache* cache_;
        std::string page_;
        std::string key_;
        std::uint64_t version_;
    };

    /// A Fill for (page, key) when the page is still at `version` and nobody fills that entry
    /// at that version now; nullopt otherwise (the page changed: what is built would be
    /// dropped; or another request is making the same entry).
    std::optional<Fill> claim(const std::string& page, const std::string& key, std::uint64_t version);

    /// Stores a body built from the page as it was at `version`; ignored if the page changed
    /// since. Evicts the page's oldest entry past max_entries_per_page, then the least recently
    /// used entries of any page past max_bytes.
    void put(const std::string& page, const std::string& key, std::uint64_t version, CachedBody body);

    /// The page changed: bump its version and drop its entries.
    void invalidate(const std::string& page);

    /// Every page changed: drop every entry and version (a version read before never matches).
    void clear();

    /// Bytes held now (for tests and metrics).
    std::size_t bytes() const;
    /// Entries held now (for tests and metrics).
    std::size_t entries() const;
    /// get() calls that found a fresh entry, and those that did not (for metrics).
    std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
    std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

private:
    struct Slot {
        std::string page;
        std::string key;
    };
    struct Entry {
        CachedBody body;
        std::chrono::steady_clock::time_point stored_at;
        std::list<Slot>::iterator lru;  // its place in lru_
        std::size_t bytes = 0;
    };
    struct PageEntries {
        std::uint64_t version = 0;
        std::unordered_map<std::string, Entry> entries;
        std::unordered_map<std::string, std::uint64_t> filling;  // key -> version claimed
    };

    void erase(PageEntries& p, std::unordered_map<std::string, Entry>::iterator e);
    void evict_page_oldest(PageEntries& p);

    ThreadCacheLimits limits_;
    mutable std::mutex mutex_;
    std::uint64_t next_version_ = 1;  // global so a dropped-and-recreated page never reuses a version
    std::unordered_map<std::string, PageEntries> pages_;
    std::list<Slot> lru_;  // most recently used first
    std::size_t bytes_ = 0;
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
};

}  // namespace tribune::http
