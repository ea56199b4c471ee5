#pragma once
// Per-page channels of live subscribers: presence, typing, and comment events with a replay log
// so a reconnecting client resumes without gaps (docs/openapi.yaml, /api/v1/live). In scale-out
// mode a Bus feeds the hub every node's events (with global ids) and the other nodes' presence
// and typing. The hub finds channels, numbers events and runs the ticker; each concern is a unit
// of its own: channel (a page's subscribers and fan-out), replay_log and replay_budget, presence,
// typing, connection_names.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "domain/viewer.hpp"
#include "live/comment_event.hpp"
#include "live/connection_names.hpp"
#include "live/fanout_pool.hpp"
#include "live/presence.hpp"
#include "live/replay_budget.hpp"
#include "live/subscriber.hpp"

namespace tribune::live {

struct HubOptions {
    std::chrono::seconds replay_window{300};          // events kept for resume
    std::size_t max_log_per_page = 10000;             // and at most this many per page
    std::size_t max_log_bytes = 64u << 20;            // and at most this much in all (oldest go first)
    // One typing signal per subscriber per this. Clients send one every 2 s; the slack keeps a
    // renewal that arrives a little early (network jitter) from being dropped.
    std::chrono::milliseconds typing_throttle{1500};
    std::chrono::milliseconds typing_expiry{5000};    // typing stops this long after the last signal
    std::chrono::milliseconds tick{100};              // presence coalescing and typing expiry period
    std::chrono::milliseconds announce_every{5000};   // local state re-sent to the listener this often
    std::chrono::milliseconds remote_expiry{15000};   // another node's state lapses unless re-sent
    // A page's deliveries are spread over this many threads besides the publishing one, in
    // slices of fanout_slice readers (20,000 readers are ~20,000 socket writes).
    unsigned fanout_helpers = std::min(3u, std::max(1u, std::thread::hardware_concurrency()) - 1);
    std::size_t fanout_slice = 256;
};

class Channel;

/// Thread-safe. Delivery to one subscriber happens in event-id order. Subscribers are held weakly.
/// Events come either from publish() (the hub numbers them: one node) or from apply() (a Bus
/// numbered them for every node); one hub uses one of the two.
class Hub {
public:
    /// Hears the local state of pages that changed (coalesced per tick), and of every page with
    /// readers each announce_every. Runs on the hub's ticker thread, with no hub lock held: it must
    /// not block, nor call back into the hub.
    using LocalListener = std::function<void(std::vector<PageState>)>;

    explicit Hub(HubOptions options = {});
    ~Hub();
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    /// Adds a subscriber to `page` and sends it, in order: hello (its connection id and the
    /// latest event id), the page's presence, then the events after `last_event_id` it may see
    /// (or a reset when they are no longer kept).
    /// `credential` names what made the viewer staff (the session's token hash), so that
    /// staff_streams() can be checked against the store; empty for readers and the admin token.
    SubscriptionId subscribe(const std::string& page, std::weak_ptr<Subscriber> subscriber,
                             domain::Viewer viewer, std::optional<std::uint64_t> last_event_id,
                             std::string credential = {});

    /// An open stream whose viewer is staff, with the credential it was opened with.
    struct StaffStream {
        SubscriptionId id;
        domain::Viewer viewer;
        std::string credential;
    };
    /// Every open staff stream on this node (for revoking access that has ended).
    std::vector<StaffStream> staff_streams() const;

    /// Removes a subscription (idempotent).
    void unsubscribe(SubscriptionId id);

    /// Changes who a subscription is (an author proving their token after connecting), and
    /// delivers the kept events since it began (or since the point it resumed from) that the new
    /// viewer may see and the old one could not: the author's own pending comments, which a
    /// reconnecting widget missed while it was still anonymous.
    void set_viewer(SubscriptionId id, domain::Viewer viewer);

    /// The subscriber is typing: others on the page see "Someone is typing..." until it expires.
    /// Signals closer together than typing_throttle are dropped. False for an unknown id.
    bool typing(SubscriptionId id);

    /// typing() for an SSE client naming its connection id on `page`.
    bool typing(const std::string& page, std::string_view connection);

    /// What became of an author's proof of their token (see authenticate()).
    enum class AuthResult { kDone, kUnknownConnection, kAlreadyDone };

    /// The subscriber proved an author token (hashed): its viewer becomes that author, as
    /// set_viewer() (staff stay as they are). Once per subscription: a second proof of the same
    /// token changes nothing and is kDone; of another token, kAlreadyDone and nothing changes.
    AuthResult authenticate(SubscriptionId id, std::string token_hash);

    /// authenticate() for an SSE client naming its connection on `page` (kUnknownConnection for a
    /// name that is not a live subscription on that page).
    AuthResult set_author(const std::string& page, std::string_view connection, std::string token_hash);

    /// Fans a comment change out to the page's subscribers and keeps it for replay, under the
    /// next event id of this hub. Delivers from the caller's thread.
    void publish(const std::string& page, const CommentEvent& event);

    /// publish() under an id assigned elsewhere (a Bus: the same on every node). The page's count
    /// change, if any, goes out as `id + 1`, so a Bus numbers events two apart. Ids must grow: one
    /// not above last_event_id() is a duplicate, ignored (returns false); after it,
    /// last_event_id() is `id + 1` on every node alike. `age` is how long ago the event happened
    /// (events loaded at start), for the replay window. Call from one thread.
    bool apply(const std::string& page, const CommentEvent& event, std::uint64_t id,
               std::chrono::milliseconds age = std::chrono::milliseconds(0));

    /// Sets where this hub's ids start: events up to `position` are not kept (a resume point
    /// below it gets a reset). For a Bus, before it applies anything.
    void start_at(std::uint64_t position);

    /// Events up to `position` may have been lost on their way here (a Bus was away too long):
    /// resume points below it get a reset from now on.
    void lost_through(std::uint64_t position);

    /// The latest event id handed out (a resume point meaning "nothing missed yet").
    std::uint64_t last_event_id() const { return last_event_id_.load(); }

    /// Open subscriptions on this node.
    std::size_t connections() const;

    /// Bytes the replay logs hold now (events, their frames and comments), for tests and metrics.
    std::size_t log_bytes() const;

    /// Subscribers on `page` on this node.
    std::int64_t active(const std::string& page) const;

    /// Readers on `page` on every node: this node's and what the others last announced.
    std::int64_t active_everywhere(const std::string& page) const;

    /// Records another node's state of a page (replacing the previous one). Remote readers count
    /// toward presence; a remote typist is "someone else" to every local subscriber. Lapses after
    /// remote_expiry (presence) or typing_expiry (typing) unless announced again.
    void set_remote(const std::string& node, const PageState& state);

    /// Drops everything a node announced (it left).
    void forget_node(const std::string& node);

    /// Sets (or clears, with nullptr) the listener of local state. Thread-safe; once it returns,
    /// the previous listener is not running and will not be called again.
    void set_local_listener(LocalListener listener);

    /// The public name of a subscription, "c<id>-<tag>" (SSE clients name it when they type or
    /// prove a token). The tag is a MAC of the id (keyed BLAKE2b, 128 bits, a key made at start):
    /// knowing any number of names tells nothing about another's.
    std::string connection_name(SubscriptionId id) const;

private:
    using Clock = std::chrono::steady_clock;
    using Page = std::pair<std::string, std::shared_ptr<Channel>>;

    std::shared_ptr<Channel> channel(const std::string& page, bool create);
    // The page's channel, created if need be, locked; never one the ticker has just dropped.
    std::pair<std::shared_ptr<Channel>, std::unique_lock<std::mutex>> locked_channel(const std::string& page);
    // The channel subscription `id` is on (null: none).
    std::shared_ptr<Channel> channel_of(SubscriptionId id) const;
    // Every channel, with its page.
    std::vector<Page> pages() const;
    // The subscription an SSE client names ("c<id>-<tag>", see connection_name) on `page`.
    std::optional<SubscriptionId> named(const std::string& page, std::string_view connection) const;
    // Replaces a subscription's viewer with change(old) and catches it up (see set_viewer).
    // `authenticating`: the change is a token proof, allowed once per subscription.
    AuthResult change_viewer(SubscriptionId id, const std::function<domain::Viewer(const domain::Viewer&)>& change,
                             bool authenticating = false);
    // Delivers and logs `event` as `id`; a count change it carries gets count_id().
    void record(Channel& ch, std::uint64_t id, const std::function<std::uint64_t()>& count_id,
                Clock::time_point at, const CommentEvent& event, std::vector<std::shared_ptr<Subscriber>>& keep);
    void run_ticker();
    void tick();
    // Hands the pages whose local state changed to the listener, if there is one.
    void announce(std::vector<PageState> states);
    // Lets go of channels the tick found idle (unless they are in use again).
    void drop_idle(const std::vector<std::string>& idle);
    bool has_listener();

    HubOptions options_;
    FanoutPool fanout_{options_.fanout_helpers};
    const ConnectionNames names_;
    ReplayBudget budget_{options_.replay_window, options_.max_log_bytes};  // every page's log, in bytes
    mutable std::mutex mutex_;  // guards channels_ and pages_; never held while a channel's is
    std::unordered_map<std::string, std::shared_ptr<Channel>> channels_;
    std::unordered_map<SubscriptionId, std::shared_ptr<Channel>> pages_;
    std::uint64_t next_subscription_ = 1;
    std::uint64_t forgotten_through_;  // guarded by mutex_: newest event of any dropped channel
    std::atomic<std::uint64_t> last_event_id_;
    std::mutex listener_mutex_;  // held while listener_ runs
    LocalListener listener_;     // guarded by listener_mutex_
    std::mutex ticker_mutex_;
    std::condition_variable ticker_wake_;
    bool stopping_ = false;
    Clock::time_point last_sweep_{};     // ticker thread only
    Clock::time_point last_announce_{};  // ticker thread only
    std::thread ticker_;
};

}  // namespace tribune::live
