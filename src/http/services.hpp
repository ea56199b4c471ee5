#pragma once
// What handlers share: the store, the clock, configuration, the cache of hot threads, and
// the hook that hears about every change to a thread.

#include <cstdint>
#include <functional>
#include <string>

#include "domain/comment.hpp"
#include "domain/time.hpp"
#include "http/config.hpp"
#include "http/safeguards.hpp"
#include "http/thread_cache.hpp"
#include "store/store.hpp"

namespace tribune::http {

/// What happened to a comment, for the cache and (later) live subscribers.
enum class CommentChange { kCreated, kUpdated, kDeleted };

struct Services {
    store::Store& store;
    const domain::Clock& clock;
    const HttpConfig& config;
    ThreadCache& cache;
    Safeguards& guards;
    /// Called after every committed change to a comment (after the cache is invalidated), with
    /// the comment as it is now; for kDeleted, as it was before, since who could see it then is
    /// who may hear that it is gone.
    std::function<void(CommentChange, const domain::Comment&)> on_change;
    /// The live stream's latest event id, rendered into pages so their scripts resume from it.
    std::function<std::uint64_t()> live_position;

    /// Invalidates the page's cache and tells on_change.
    void changed(CommentChange what, const domain::Comment& c) {
        cache.invalidate(c.page);
        if (on_change) on_change(what, c);
    }
};

}  // namespace tribune::http
