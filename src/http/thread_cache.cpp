#include "http/thread_cache.hpp"

#include "http/compression.hpp"

namespace tribune::http {

ThreadCache::ThreadCache(ThreadCacheLimits limits) : limits_(limits) {}

std::uint64_t ThreadCache::version(const std::string& page) {
    std::lock_guard lock(mutex_);
    auto it = pages_.find(page);
    if (it != pages_.end()) return it->second.version;
    if (pages_.size() >= limits_.max_pages) {
        pages_.clear();
        lru_.clear();
        bytes_ = 0;
    }
    auto& p = pages_[page];
    p.version = next_version_++;
    return p.version;
}

std::optional<CachedBody> ThreadCache::get(const std::string& page, const std::string& key) {
    std::lock_guard lock(mutex_);
    const auto miss = [this] {
        misses_.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    };
    auto it = pages_.find(page);
    if (it == pages_.end()) return miss();
    auto e = it->second.entries.find(key);
    if (e == it->second.entries.end()) return miss();
    if (std::chrono::steady_clock::now() - e->second.stored_at > limits_.max_age) {
        erase(it->second, e);
        return miss();
    }
    hits_.fetch_add(1, std::memory_order_relaxed);
    lru_.splice(lru_.begin(), lru_, e->second.lru);
    return e->second.body;
}

ThreadCache::Fill::~Fill() {
    if (!cache_) return;
    std::lock_guard lock(cache_->mutex_);
    auto it = cache_->pages_.find(page_);
    if (it == cache_->pages_.end()) return;
    auto f = it->second.filling.find(key_);
    if (f != it->second.filling.end() && f->second == version_) it->second.filling.erase(f);
}

std::optional<ThreadCache::Fill> ThreadCache::claim(const std::string& page, const std::string& key,
                                                    std::uint64_t version) {
    std::lock_guard lock(mutex_);
    auto it = pages_.find(page);
    if (it == pages_.end() || it->second.version != version) return std::nullopt;
    auto [f, claimed] = it->second.filling.try_emplace(key, version);
    if (!claimed) {
        if (f->second == version) return std::nullopt;
        f->second = version;  // a claim of an older version, whose put() will be ignored anyway
    }
    return Fill(*this, page, key, version);
}

void ThreadCache::put(const std::string& page, const std::string& key, std::uint64_t version, CachedBody body) {
    const std::size_t size = (body.body ? body.body->size() : 0) + body.etag.size() +
                             (body.variants ? body.variants->bytes() : 0) + key.size() + page.size();
    std::lock_guard lock(mutex_);
    auto it = pages_.find(page);
    if (it == pages_.end() || it->second.version != version || size > limits_.max_bytes) return;
    PageEntries& p = it->second;
    if (auto old = p.entries.find(key); old != p.entries.end()) erase(p, old);
    while (p.entries.size() >= limits_.max_entries_per_page && !p.entries.empty()) evict_page_oldest(p);
    lru_.push_front(Slot{page, key});
    p.entries[key] = Entry{std::move(body), std::chrono::steady_clock::now(), lru_.begin(), size};
    bytes_ += size;
    while (bytes_ > limits_.max_bytes && !lru_.empty()) {
        const Slot& last = lru_.back();
        auto owner = pages_.find(last.page);
        erase(owner->second, owner->second.entries.find(last.key));
    }
}

void ThreadCache::invalidate(const std::string& page) {
    std::lock_guard lock(mutex_);
    auto& p = pages_[page];
    p.version = next_version_++;
    while (!p.entries.empty()) erase(p, p.entries.begin());
}

void ThreadCache::clear() {
    std::lock_guard lock(mutex_);
    pages_.clear();
    lru_.clear();
    bytes_ = 0;
}

std::size_t ThreadCache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

std::size_t ThreadCache::entries() const {
    std::lock_guard lock(mutex_);
    return lru_.size();
}

void ThreadCache::erase(PageEntries& p, std::unordered_map<std::string, Entry>::iterator e) {
    bytes_ -= e->second.bytes;
    lru_.erase(e->second.lru);
    p.entries.erase(e);
}

// The page's oldest entry goes: it is the first to go stale anyway, and a page holds few.
void ThreadCache::evict_page_oldest(PageEntries& p) {
    auto victim = p.entries.begin();
    for (auto e = p.entries.begin(); e != p.entries.end(); ++e)
        if (e->second.stored_at < victim->second.stored_at) victim = e;
    erase(p, victim);
}

}  // namespace tribune::http
