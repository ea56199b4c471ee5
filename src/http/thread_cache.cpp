#include "http/thread_cache.hpp"

namespace tribune::http {

ThreadCache::ThreadCache(std::chrono::seconds max_age, std::size_t max_pages)
    : max_age_(max_age), max_pages_(max_pages) {}

std::uint64_t ThreadCache::version(const std::string& page) {
    std::lock_guard lock(mutex_);
    auto it = pages_.find(page);
    if (it != pages_.end()) return it->second.version;
    if (pages_.size() >= max_pages_) pages_.clear();
    auto& p = pages_[page];
    p.version = next_version_++;
    return p.version;
}

std::optional<CachedBody> ThreadCache::get(const std::string& page, const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = pages_.find(page);
    if (it == pages_.end()) return std::nullopt;
    auto e = it->second.entries.find(key);
    if (e == it->second.entries.end()) return std::nullopt;
    if (std::chrono::steady_clock::now() - e->second.stored_at > max_age_) {
        it->second.entries.erase(e);
        return std::nullopt;
    }
    return e->second.body;
}

void ThreadCache::put(const std::string& page, const std::string& key, std::uint64_t version, CachedBody body) {
    std::lock_guard lock(mutex_);
    auto it = pages_.find(page);
    if (it == pages_.end() || it->second.version != version) return;
    it->second.entries[key] = Entry{std::move(body), std::chrono::steady_clock::now()};
}

void ThreadCache::invalidate(const std::string& page) {
    std::lock_guard lock(mutex_);
    auto& p = pages_[page];
    p.version = next_version_++;
    p.entries.clear();
}

}  // namespace tribune::http
