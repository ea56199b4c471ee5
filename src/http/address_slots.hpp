#pragma once
// What each client network holds at once (live streams, HTTP connections), so that one client
// cannot take every slot, and with them every file descriptor, of a node.

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace tribune::http {

class AddressSlots {
public:
    /// One slot held by `network` until destroyed (movable, not copyable).
    class Slot {
    public:
        Slot(Slot&& other) noexcept
            : owner_(std::exchange(other.owner_, nullptr)), network_(std::move(other.network_)) {}
        Slot& operator=(Slot&& other) noexcept {
            std::swap(owner_, other.owner_);
            std::swap(network_, other.network_);
            return *this;
        }
        ~Slot() {
            if (owner_) owner_->release(network_);
        }

    private:
        friend class AddressSlots;
        Slot(AddressSlots& owner, std::string network) : owner_(&owner), network_(std::move(network)) {}
        AddressSlots* owner_;
        std::string network_;
    };

    /// A slot for `network` (a client_network() value), or nothing when it holds `limit` already.
    /// The map only has networks holding a slot, so it is bounded by the connections open.
    std::optional<Slot> take(const std::string& network, std::size_t limit);

    /// Slots `network` holds now.
    std::size_t held(const std::string& network) const;

private:
    void release(const std::string& network);

    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> held_;
};

}  // namespace tribune::http
