#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "domain/viewer.hpp"
#include "http/address_slots.hpp"

namespace tribune::http {

/// One of a node's live connection slots (max_live_connections), held by a stream for its life.
/// Taking one is a single atomic step, so connections arriving together never overshoot the cap.
class LiveSlot {
public:
    /// A slot of `open`, or nothing when `limit` are taken.
    static std::optional<LiveSlot> take(std::atomic<std::size_t>& open, std::size_t limit) {
        if (open.fetch_add(1) >= limit) {
            open.fetch_sub(1);
            return std::nullopt;
        }
        return LiveSlot(open);
    }
    LiveSlot(LiveSlot&& other) noexcept : open_(std::exchange(other.open_, nullptr)) {}
    LiveSlot& operator=(LiveSlot&& other) noexcept {
        std::swap(open_, other.open_);
        return *this;
    }
    ~LiveSlot() {
        if (open_) open_->fetch_sub(1);
    }

private:
    explicit LiveSlot(std::atomic<std::size_t>& open) : open_(&open) {}
    std::atomic<std::size_t>* open_;
};

/// What a live stream (WebSocket or SSE) needs to start.
struct LiveStart {
    std::string page;
    domain::Viewer viewer;
    std::string credential;  // the session's token hash when the viewer came from a session
    std::optional<std::uint64_t> last_event_id;
    std::optional<LiveSlot> slot;  // released when the stream ends
    std::optional<AddressSlots::Slot> address_slot;  // the client network's, likewise
};

}  // namespace tribune::http
