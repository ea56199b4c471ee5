#pragma once
// How comment changes reach the live hubs of every node (docs/architecture.md): LocalBus inside
// one process, PgBus across nodes sharing one PostgreSQL database.

#include <string>

#include "live/comment_event.hpp"

namespace tribune::live {

/// Carries committed comment changes to every node's Hub, this node's included, so that every
/// node applies them in one order under the same event ids. Thread-safe.
class Bus {
public:
    virtual ~Bus() = default;

    /// Sends `event` (a change already committed to the store) to the subscribers of `page` on
    /// every node. Never waits on the network: a bus that cannot send right now queues the event
    /// or, past its limits, drops it and logs why (readers then catch up by reloading).
    virtual void publish(const std::string& page, CommentEvent event) = 0;

    /// Tells the other nodes that `page` changed (an article, a thread's settings, an author's
    /// profile), so each drops its cached answers for it and its lists at once. Never waits,
    /// like publish(). One process alone has no one to tell.
    virtual void page_changed(const std::string& /*page*/) {}
};

}  // namespace tribune::live
