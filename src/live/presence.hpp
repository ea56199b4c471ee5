#pragma once
// How many readers one page has, here and on the other nodes, and when to say so: a change
// goes out at most once a tick, spaced wider on big pages, and only when the number moved.
// Also what the other nodes last announced (their readers and whether one is typing), which
// lapses unless announced again, and whether this node's own state changed since the bus heard.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace tribune::live {

/// What this node has on one page, for the other nodes: open streams and whether any is typing.
struct PageState {
    std::string page;
    std::int64_t active = 0;
    bool typing = false;
};

struct PresenceOptions {
    std::chrono::milliseconds typing_expiry{5000};   // a node's typing lapses this long after it said so
    std::chrono::milliseconds remote_expiry{15000};  // a node's state lapses unless re-sent this often
};

/// Not thread-safe: the page's channel lock guards it. Times are passed in (steady clock).
class Presence {
public:
    using Clock = std::chrono::steady_clock;

    explicit Presence(PresenceOptions options = {}) : options_(options) {}

    /// Local readers came or went: the count is due, and the bus is to hear.
    void readers_changed() {
        due_ = true;
        local_changed_ = true;
    }
    /// Local typing started, renewed or stopped: the bus is to hear.
    void typing_changed() { local_changed_ = true; }
    /// Whether the local state changed since the last call.
    bool take_local_change() { return std::exchange(local_changed_, false); }

    /// The count to send at `now` with `local` readers here, when one is due and it differs
    /// from the last one sent; the next may go no earlier than 100 ms per 1,000 local readers
    /// later (at most 2 s), so that a crowd arriving does not cost each reader a frame each.
    std::optional<std::int64_t> due(Clock::time_point now, std::size_t local);

    /// Readers on every node: `local` here and the other nodes' latest.
    std::int64_t everywhere(std::size_t local) const { return static_cast<std::int64_t>(local) + remote_active_; }

    /// Records `node`'s state (replacing its previous one; nobody there drops it). True when
    /// the number of typing nodes changed (the readers are to be told at once).
    bool set_remote(const std::string& node, std::int64_t active, bool typing, Clock::time_point now);

    /// Drops what `node` announced (it left). True as set_remote().
    bool forget(const std::string& node, Clock::time_point now);

    /// Drops the nodes silent for remote_expiry and lapses typing past typing_expiry. True as
    /// set_remote().
    bool lapse(Clock::time_point now);

    /// Other nodes typing on this page now.
    std::size_t remote_typists() const { return remote_typists_; }

    /// Whether any other node has announced something here.
    bool has_remotes() const { return !remotes_.empty(); }

private:
    struct Remote {
        std::int64_t active = 0;
        Clock::time_point seen{};
        Clock::time_point typing_until{};  // typing while now < this
    };
    // Recomputes the remote sums: a change of readers makes the count due. True when the
    // number of typing nodes changed.
    bool recount(Clock::time_point now);

    PresenceOptions options_;
    std::unordered_map<std::string, Remote> remotes_;  // by node
    std::int64_t remote_active_ = 0;                   // sum over remotes_
    std::size_t remote_typists_ = 0;                   // remotes_ typing
    std::int64_t sent_ = -1;
    bool due_ = false;
    Clock::time_point next_at_{};  // the count goes out no earlier than this
    bool local_changed_ = false;
};

}  // namespace tribune::live
