#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace tribune::live {

/// One open live stream (WebSocket or SSE). live owns the interface; http implements it.
class Subscriber {
public:
    virtual ~Subscriber() = default;
    /// Queues a frame for the client. `event_id` is non-zero for resumable events (SSE `id:`).
    /// Safe to call from any thread; never blocks. A slow client may be dropped (DESIGN.md).
    virtual void deliver(std::shared_ptr<const std::string> frame, std::uint64_t event_id) = 0;
};

}  // namespace tribune::live
