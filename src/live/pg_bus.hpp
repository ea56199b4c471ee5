#pragma once
// The scale-out bus: nodes sharing one PostgreSQL database share one live discussion
// (docs/architecture.md, The path of a live event). Events go through a table, numbered by the
// database, announced with NOTIFY; presence and typing travel as NOTIFY payloads alone.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "live/bus.hpp"

namespace tribune::live {

class Hub;

struct PgBusOptions {
    std::string conninfo;                               // a libpq URL (postgres://...) or key=value string
    std::string node;                                   // this node's name on the bus; empty: a random one
    std::chrono::seconds replay_window{300};            // as the hub's: events kept in the table
    std::chrono::milliseconds poll_every{1000};         // fetch even without a notification
    std::chrono::milliseconds statement_timeout{5000};  // a statement taking longer breaks its connection
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds retry_min{50};  // reconnect backoff, doubling up to retry_max
    std::chrono::milliseconds retry_max{2000};
    std::size_t max_queued_events = 10000;  // waiting to be sent; past it the oldest go
    std::size_t max_batch = 100;            // events per insert transaction
    /// Hears the page of every event as it arrives, before the hub delivers it (a node's caches
    /// drop that page). Runs on the bus's listener thread; must not block.
    std::function<void(const std::string& page)> on_event;
    /// Hears each page another node said changed (Bus::page_changed), and "" when this node may
    /// have missed some (its listener was away): drop everything. Listener thread; must not block.
    std::function<void(const std::string& page)> on_page_changed;
    std::size_t max_queued_pages = 1000;  // changed pages waiting to be told; past it: "everything"
};

/// Bus over PostgreSQL LISTEN/NOTIFY. Every node, the publisher included, applies every event
/// from the `live_events` table in id order, under that id: one order and one id space for all
/// nodes, so a reader resumes on any node. A publisher takes a transaction-scoped advisory lock
/// before inserting, so ids commit in order and "everything above the last id I applied" misses
/// nothing. The node's presence and typing (from the hub's local listener) go out as
/// notifications and come back into the other nodes' hubs.
///
/// Changed pages (page_changed) go out as notifications too: a node that hears one drops its
/// cached answers for that page, and one whose listener was away drops them all.
///
/// Threads: a publisher (sends queued events, states and changed pages) and a listener (LISTENs, fetches new
/// events on notification and every poll_every, reconnects with backoff and catches up). Request
/// threads only queue. Thread-safe.
class PgBus final : public Bus {
public:
    /// Connects, loads the events still kept into `hub` (so this node can resume readers at
    /// once), sets the hub's listener of local state, and starts the threads. The `live_events`
    /// table is the store's (its migrations make it): open the store first. `hub` must outlive
    /// the bus, and have no events yet. Errors: kUnavailable when the database cannot be
    /// reached or has no `live_events` table (details logged).
    static domain::Result<std::unique_ptr<PgBus>> start(Hub& hub, PgBusOptions options);

    /// Tells the other nodes this one leaves (best effort), then stops the threads.
    ~PgBus() override;

    /// Queues `event` for the database; returns at once.
    void publish(const std::string& page, CommentEvent event) override;

    /// Queues `page` for the other nodes; returns at once.
    void page_changed(const std::string& page) override;

    /// This node's name on the bus.
    const std::string& node() const;

    /// The id of the last event applied to the hub.
    std::uint64_t last_applied() const;

    /// True while the listener is connected (false from a lost connection until it is back).
    bool listening() const;

    /// Events waiting to be sent.
    std::size_t queued() const;

private:
    struct State;
    explicit PgBus(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

}  // namespace tribune::live
