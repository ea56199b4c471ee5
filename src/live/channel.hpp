#pragma once
// One page's live channel: its subscribers (held weakly) and what each was last told, with the
// page's replay log, presence and typing, and the fan-out of frames to the subscribers.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/viewer.hpp"
#include "live/fanout_pool.hpp"
#include "live/presence.hpp"
#include "live/replay_log.hpp"
#include "live/subscriber.hpp"
#include "live/typing.hpp"

namespace tribune::live {

/// Every member function expects `mutex` held by the caller, and delivers from the caller's
/// thread (or the pool's, which the call waits for). Times are passed in (steady clock).
class Channel {
public:
    using Clock = std::chrono::steady_clock;

    struct Member {
        std::weak_ptr<Subscriber> subscriber;
        domain::Viewer viewer;
        bool shows_typing = false;  // it was last told that someone else is typing
        std::uint64_t since = 0;    // events after this were sent (or replayed) as `viewer` saw them
        bool authenticated = false;  // proved an author token (allowed once)
        std::string credential{};    // what made the viewer staff (Hub::subscribe)
    };

    /// The subscribers a call reached, kept alive until the caller has released `mutex`: a
    /// subscriber must never die (and unsubscribe) while the channel is locked.
    using Keep = std::vector<std::shared_ptr<Subscriber>>;

    /// A channel made at `now`, not keeping events up to `dropped_through`.
    Channel(TypingOptions typing, PresenceOptions presence, std::uint64_t dropped_through, Clock::time_point now);

    std::mutex mutex;
    bool dropped = false;  // the hub let go of this channel: use a fresh one
    std::unordered_map<SubscriptionId, Member> members;
    ReplayLog log;
    Presence presence;
    Typing typing;

    /// Adds member `id` and appends its greeting to `out`: the page's presence (itself
    /// included), the replay after `last_event_id` (or a reset), and the typing state. The
    /// member has everything from the point its replay ends, or from now on when none.
    void join(SubscriptionId id, Member member, std::optional<std::uint64_t> last_event_id,
              std::vector<Outgoing>& out);

    /// Removes member `id` at `now` (false: not a member). Typing it was doing stops at once.
    bool leave(SubscriptionId id, Clock::time_point now, Keep& keep);

    /// Calls f(id, member, subscriber) for each member whose stream is alive, keeping the
    /// subscriber in `keep`; drops the members whose stream is gone.
    template <class F>
    void each(Keep& keep, F&& f) {
        for (auto it = members.begin(); it != members.end();) {
            auto s = it->second.subscriber.lock();
            if (!s) {
                it = forget(it);
                continue;
            }
            f(it->first, it->second, *s);
            keep.push_back(std::move(s));
            ++it;
        }
    }

    /// Drops the members whose stream is gone (streams unsubscribe as they close; this catches
    /// any that could not).
    void sweep();

    /// Tells each member whose view changed whether someone else (here or on another node) is
    /// typing.
    void show_typing(Keep& keep);

    /// Local typing started or stopped: members see it, the bus is to hear.
    void typing_changed(Keep& keep) {
        presence.typing_changed();
        show_typing(keep);
    }

    /// Delivers a prepared event (and the count it carries) to each member who may hear of it,
    /// in the form its viewer may see, as one delivery each; spread over `pool` in slices.
    void deliver(const ReplayLog::Prepared& event, FanoutPool& pool, std::size_t slice, Keep& keep);

    /// Sends the page's reader count to every member, spread over `pool` in slices.
    void send_presence(std::int64_t active, FanoutPool& pool, std::size_t slice, Keep& keep);

    /// Readers on every node.
    std::int64_t everywhere() const { return presence.everywhere(members.size()); }

    /// This node's state of the page, for the other nodes.
    PageState state(const std::string& page) const {
        return PageState{page, static_cast<std::int64_t>(members.size()), typing.any()};
    }
    /// Whether this node has readers or typists here (re-announced now and then).
    bool has_local_state() const { return !members.empty() || typing.any(); }

    /// Nothing here: no members, no events kept, nothing from other nodes.
    bool unused() const { return members.empty() && log.empty() && !presence.has_remotes(); }
    /// Unused, and no member for `window` at `now`: the hub may let go of it.
    bool idle(Clock::time_point now, Clock::duration window) const { return unused() && now - emptied_at_ > window; }

private:
    using Members = std::unordered_map<SubscriptionId, Member>;
    // Removes a member whose stream is gone; returns the next.
    Members::iterator forget(Members::iterator member);

    Clock::time_point emptied_at_;
};

}  // namespace tribune::live
