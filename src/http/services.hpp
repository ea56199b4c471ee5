#pragma once
// What handlers share: the use cases' context (service/context.hpp) and the transport's own
// parts: its configuration, the cache of hot threads, the live stream's position.

#include <cstdint>
#include <functional>

#include "http/config.hpp"
#include "http/thread_cache.hpp"
#include "service/context.hpp"

namespace tribune::http {

using service::CommentChange;

struct Services : service::Context {
    const HttpConfig& config;
    ThreadCache& cache;
    /// The article lists (home, section, tag and author pages), keyed by their path. Any article
    /// or comment change clears it: a list shows many articles and their comment counts.
    ThreadCache& lists;
    /// Their later pages (?cursor=), under the list's path and the cursor as the server encodes
    /// it; cleared with the lists, at most Caches::kLaterPagesPerList a list.
    ThreadCache& later_lists;
    /// The sitemaps, keyed by their path: cleared by article changes only (comments do not
    /// change them, and each costs a walk of the publication).
    ThreadCache& sitemaps;
    /// The live stream's latest event id, rendered into pages so their scripts resume from it.
    std::function<std::uint64_t()> live_position;
};

}  // namespace tribune::http
