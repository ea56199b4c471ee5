#pragma once
// Sessions this node has looked up recently, so that a logged-in moderator's requests do not
// each read the store, and so that the live endpoint (on an I/O thread, which must not block)
// can tell staff from readers. Entries are re-checked against the store after `recheck`, so a
// logout or a disabled account on another node takes effect here within that time.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/account.hpp"
#include "domain/viewer.hpp"

namespace tribune::service {

struct CachedSession {
    domain::Viewer viewer;        // role, user id and name of the account
    domain::Session session;
    std::chrono::steady_clock::time_point checked{};
};

class SessionCache {
public:
    explicit SessionCache(std::chrono::seconds recheck = std::chrono::seconds(10), std::size_t max_entries = 10000)
        : recheck_(recheck), max_entries_(max_entries) {}

    /// The entry if it was checked less than `recheck` ago (or at any time, when `any_age`).
    std::optional<CachedSession> get(const std::string& token_hash, std::chrono::steady_clock::time_point now,
                                     bool any_age = false) const;
    void put(const std::string& token_hash, CachedSession entry);
    void erase(const std::string& token_hash);
    /// Drops every entry of one account (disabled, demoted, erased).
    void erase_user(domain::UserId user_id);
    /// Drops every entry (the accounts and sessions were replaced: a Tribune import at the desk).
    void clear();

private:
    std::chrono::seconds recheck_;
    std::size_t max_entries_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, CachedSession> entries_;
};

}  // namespace tribune::service
