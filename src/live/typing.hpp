#pragma once
// Who is typing on one page here: a subscriber's signal makes it a typist until typing expiry
// passes without another, and signals closer together than the throttle are dropped.

#include <chrono>
#include <cstddef>
#include <unordered_map>

#include "live/subscriber.hpp"

namespace tribune::live {

struct TypingOptions {
    // Clients send a signal every 2 s; the slack keeps a renewal that arrives a little early
    // (network jitter) from being dropped.
    std::chrono::milliseconds throttle{1500};
    std::chrono::milliseconds expiry{5000};  // typing stops this long after the last signal
};

/// Not thread-safe: the page's channel lock guards it. Times are passed in (steady clock).
class Typing {
public:
    using Clock = std::chrono::steady_clock;

    explicit Typing(TypingOptions options = {}) : options_(options) {}

    enum class Signal {
        kDropped,  // within the throttle of the subscriber's previous signal: nothing changes
        kRenewed,  // it was typing already: its expiry moves on
        kStarted,  // it starts typing: the others are to be told
    };
    /// Subscriber `id` signals that it is typing at `now`.
    Signal signal(SubscriptionId id, Clock::time_point now);

    /// Drops the typists whose last signal is typing expiry old at `now`; true when any went.
    bool expire(Clock::time_point now);

    /// Forgets a subscriber that left (its throttle too); true when it was typing.
    bool leave(SubscriptionId id);

    /// Typists other than `id`.
    std::size_t others_than(SubscriptionId id) const { return typists_.size() - (typists_.count(id) ? 1 : 0); }

    /// Whether anyone here is typing.
    bool any() const { return !typists_.empty(); }

private:
    TypingOptions options_;
    std::unordered_map<SubscriptionId, Clock::time_point> typists_;      // by last signal
    std::unordered_map<SubscriptionId, Clock::time_point> last_signal_;  // kept past expiry, for the throttle
};

}  // namespace tribune::live
