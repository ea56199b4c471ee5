#include "service/session_cache.hpp"

namespace tribune::service {

std::optional<CachedSession> SessionCache::get(const std::string& token_hash,
                                               std::chrono::steady_clock::time_point now, bool any_age) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(token_hash);
    if (it == entries_.end()) return std::nullopt;
    if (!any_age && now - it->second.checked >= recheck_) return std::nullopt;
    return it->second;
}

void SessionCache::put(const std::string& token_hash, CachedSession entry) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries_ && !entries_.contains(token_hash)) {
        // Full: drop the stalest half rather than grow without bound.
        auto oldest = entries_.begin()->second.checked;
        for (const auto& [_, e] : entries_) oldest = std::min(oldest, e.checked);
        const auto cut = oldest + (entry.checked - oldest) / 2;
        std::erase_if(entries_, [cut](const auto& kv) { return kv.second.checked <= cut; });
    }
    entries_[token_hash] = std::move(entry);
}

void SessionCache::erase(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    entries_.erase(token_hash);
}

void SessionCache::erase_user(domain::UserId user_id) {
    std::lock_guard lock(mutex_);
    std::erase_if(entries_, [user_id](const auto& kv) { return kv.second.session.user_id == user_id; });
}

void SessionCache::clear() {
    std::lock_guard lock(mutex_);
    entries_.clear();
}

}  // namespace tribune::service
