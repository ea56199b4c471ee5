#pragma once
// The in-process bus: one node, events straight into its hub.

#include "live/bus.hpp"

namespace tribune::live {

class Hub;

/// Publishes into one Hub from the caller's thread (the hub numbers the events). For the
/// embedded SQLite mode, where this process is the only node. Thread-safe as the Hub is.
class LocalBus final : public Bus {
public:
    /// `hub` must outlive the bus.
    explicit LocalBus(Hub& hub) : hub_(hub) {}

    void publish(const std::string& page, CommentEvent event) override;

private:
    Hub& hub_;
};

}  // namespace tribune::live
