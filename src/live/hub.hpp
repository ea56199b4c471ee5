#pragma once
// Per-page channels of live subscribers: presence, typing, and comment events with a replay log
// so a reconnecting client resumes without gaps (API.md, Live events).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "domain/viewer.hpp"
#include "live/comment_event.hpp"
#include "live/subscriber.hpp"

namespace tribune::live {

struct HubOptions {
    std::chrono::seconds replay_window{300};       // events kept for resume
    std::size_t max_log_per_page = 10000;          // and at most this many per page
    std::chrono::milliseconds typing_throttle{2000};  // one typing signal per subscriber per this
    std::chrono::milliseconds typing_expiry{5000};    // typing stops this long after the last signal
    std::chrono::milliseconds tick{100};           // presence coalescing and typing expiry period
};

using SubscriptionId = std::uint64_t;

/// Thread-safe. Delivery to one subscriber happens in event-id order. Subscribers are held weakly.
class Hub {
public:
    explicit Hub(HubOptions options = {});
    ~Hub();
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    /// Adds a subscriber to `page` and sends it, in order: hello (its connection id and the
    /// latest event id), the page's presence, then the events after `last_event_id` it may see
    /// (or a reset when they are no longer kept).
    SubscriptionId subscribe(const std::string& page, std::weak_ptr<Subscriber> subscriber, domain::Viewer viewer,
                             std::optional<std::uint64_t> last_event_id);

    /// Removes a subscription (idempotent).
    void unsubscribe(SubscriptionId id);

    /// Changes who a subscription is (an author proving their token after connecting).
    void set_viewer(SubscriptionId id, domain::Viewer viewer);

    /// The subscriber is typing: others on the page see "Someone is typing..." until it expires.
    /// Signals closer together than typing_throttle are dropped. False for an unknown id.
    bool typing(SubscriptionId id);

    /// typing() for an SSE client naming its connection id on `page`.
    bool typing(const std::string& page, std::string_view connection);

    /// Fans a comment change out to the page's subscribers and keeps it for replay.
    void publish(const std::string& page, const CommentEvent& event);

    /// The latest event id handed out (a resume point meaning "nothing missed yet").
    std::uint64_t last_event_id() const { return last_event_id_.load(); }

    /// Open subscriptions on this node.
    std::size_t connections() const;

    /// Subscribers on `page` on this node.
    std::int64_t active(const std::string& page) const;

    /// The public form of a subscription id (SSE clients name it when they type).
    static std::string connection_name(SubscriptionId id);

private:
    struct Channel;
    std::shared_ptr<Channel> channel(const std::string& page, bool create);
    void run_ticker();
    void tick();

    HubOptions options_;
    mutable std::mutex mutex_;  // guards channels_ and pages_; never held while a channel's is
    std::unordered_map<std::string, std::shared_ptr<Channel>> channels_;
    std::unordered_map<SubscriptionId, std::shared_ptr<Channel>> pages_;
    std::uint64_t next_subscription_ = 1;
    std::uint64_t first_event_id_;
    std::uint64_t forgotten_through_;  // guarded by mutex_: newest event of any dropped channel
    std::atomic<std::uint64_t> last_event_id_;
    std::mutex ticker_mutex_;
    std::condition_variable ticker_wake_;
    bool stopping_ = false;
    std::chrono::steady_clock::time_point last_sweep_{};  // ticker thread only
    std::thread ticker_;
};

}  // namespace tribune::live
