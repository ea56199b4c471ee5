#pragma once

#include <cstdint>
#include <span>

#include "live/frame.hpp"

namespace tribune::live {

/// The hub's number for one subscription (one open stream on one page).
using SubscriptionId = std::uint64_t;

/// One frame on its way to a stream. `event_id` is non-zero for resumable events (SSE `id:`).
struct Outgoing {
    FramePtr frame;
    std::uint64_t event_id = 0;
};

/// Why frames are handed over. A stream bounds what waits for a slow client (FrameQueue), but
/// never refuses the greeting and replay of a stream starting or an author catching up: a
/// resuming reader must get them all.
enum class Delivery { kLive, kReplay };

/// One open live stream (WebSocket or SSE). live owns the interface; http implements it.
class Subscriber {
public:
    virtual ~Subscriber() = default;
    /// Queues `frames`, in order, for the client. The hub hands over together what belongs
    /// together (a comment and the count it changed; a greeting and its replay), so a stream can
    /// send them in one write. Safe to call from any thread; never blocks. A slow client may be
    /// dropped (past live_queue_frames or live_queue_bytes; it reconnects and resumes).
    virtual void deliver(std::span<const Outgoing> frames, Delivery why) = 0;
};

}  // namespace tribune::live
