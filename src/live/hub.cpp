#include "live/hub.hpp"

#include <algorithm>
#include <deque>
#include <vector>

namespace tribune::live {
namespace {

using Clock = std::chrono::steady_clock;

std::shared_ptr<const std::string> make_frame(std::string s) {
    return std::make_shared<const std::string>(std::move(s));
}

std::shared_ptr<const std::string> event_frame(std::uint64_t id, const std::string& tail) {
    std::string f = "{\"event_id\":" + std::to_string(id) + ",";
    f += tail;
    return make_frame(std::move(f));
}

std::shared_ptr<const std::string> presence_frame(std::int64_t active) {
    return make_frame("{\"type\":\"presence\",\"active\":" + std::to_string(active) + "}");
}

const std::shared_ptr<const std::string>& typing_frame(bool on) {
    static const auto yes = make_frame(R"({"type":"typing","typing":true})");
    static const auto no = make_frame(R"({"type":"typing","typing":false})");
    return on ? yes : no;
}

std::uint64_t boot_event_id() {
    // Ids continue to grow across restarts, so a client's Last-Event-ID from an earlier run is
    // recognisably older than anything this run kept (it then gets a reset).
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
}

}  // namespace

struct Hub::Channel {
    struct Member {
        std::weak_ptr<Subscriber> subscriber;
        domain::Viewer viewer;
        bool shows_typing = false;
        Clock::time_point last_typing{};
    };
    struct Logged {
        std::uint64_t id;
        Clock::time_point at;
        domain::Comment comment;
        std::shared_ptr<const std::string> visible;
        std::shared_ptr<const std::string> hidden;
    };

    std::mutex mutex;
    std::unordered_map<SubscriptionId, Member> members;
    std::deque<Logged> log;
    std::uint64_t dropped_through = 0;  // events up to this id are no longer kept
    std::optional<std::int64_t> total;
    std::uint64_t total_event_id = 0;
    std::shared_ptr<const std::string> total_frame;
    std::unordered_map<SubscriptionId, Clock::time_point> typists;
    std::int64_t presence_sent = -1;
    bool presence_dirty = false;
    Clock::time_point emptied_at = Clock::now();

    // Calls f(member, subscriber) for each live member; drops members whose stream is gone.
    // `keep` holds the subscribers until the caller has released the lock, so a subscriber
    // never dies (and unsubscribes) while the channel is locked.
    template <class F>
    void each(std::vector<std::shared_ptr<Subscriber>>& keep, F&& f) {
        for (auto it = members.begin(); it != members.end();) {
            auto s = it->second.subscriber.lock();
            if (!s) {
                typists.erase(it->first);
                it = members.erase(it);
                presence_dirty = true;
                continue;
            }
            f(it->first, it->second, *s);
            keep.push_back(std::move(s));
            ++it;
        }
    }

    void update_typing(std::vector<std::shared_ptr<Subscriber>>& keep) {
        each(keep, [&](SubscriptionId id, Member& m, Subscriber& s) {
            const std::size_t others = typists.size() - (typists.count(id) ? 1 : 0);
            const bool shows = others > 0;
            if (shows == m.shows_typing) return;
            m.shows_typing = shows;
            s.deliver(typing_frame(shows), 0);
        });
    }
};

Hub::Hub(HubOptions options)
    : options_(options), first_event_id_(boot_event_id()), forgotten_through_(first_event_id_),
      last_event_id_(first_event_id_),
      ticker_([this] { run_ticker(); }) {}

Hub::~Hub() {
    {
        std::lock_guard lock(ticker_mutex_);
        stopping_ = true;
    }
    ticker_wake_.notify_all();
    ticker_.join();
}

std::string Hub::connection_name(SubscriptionId id) { return "c" + std::to_string(id); }

std::shared_ptr<Hub::Channel> Hub::channel(const std::string& page, bool create) {
    std::lock_guard lock(mutex_);
    auto it = channels_.find(page);
    if (it != channels_.end()) return it->second;
    if (!create) return nullptr;
    auto ch = std::make_shared<Channel>();
    // Events of this page that are no longer kept are at most those of forgotten channels (or
    // of an earlier run of the server).
    ch->dropped_through = forgotten_through_;
    channels_.emplace(page, ch);
    return ch;
}

SubscriptionId Hub::subscribe(const std::string& page, std::weak_ptr<Subscriber> subscriber, domain::Viewer viewer,
                              std::optional<std::uint64_t> last_event_id) {
    auto ch = channel(page, true);
    SubscriptionId id;
    {
        std::lock_guard lock(mutex_);
        id = next_subscription_++;
        pages_.emplace(id, ch);
    }
    auto s = subscriber.lock();
    if (!s) {
        unsubscribe(id);
        return id;
    }
    std::lock_guard lock(ch->mutex);
    s->deliver(make_frame("{\"type\":\"hello\",\"connection\":\"" + connection_name(id) +
                          "\",\"event_id\":" + std::to_string(last_event_id_.load()) + "}"),
               0);
    ch->members.emplace(id, Channel::Member{subscriber, viewer, false, {}});
    ch->presence_dirty = true;
    s->deliver(presence_frame(static_cast<std::int64_t>(ch->members.size())), 0);
    if (last_event_id && *last_event_id > 0) {
        if (*last_event_id < ch->dropped_through) {
            s->deliver(make_frame(R"({"type":"reset"})"), 0);
        } else {
            for (const auto& e : ch->log) {
                if (e.id <= *last_event_id) continue;
                if (domain::can_see(viewer, e.comment)) s->deliver(e.visible, e.id);
                else if (e.hidden) s->deliver(e.hidden, e.id);
            }
            if (ch->total_frame && ch->total_event_id > *last_event_id) s->deliver(ch->total_frame, ch->total_event_id);
        }
    }
    if (!ch->typists.empty()) {
        ch->members[id].shows_typing = true;
        s->deliver(typing_frame(true), 0);
    }
    return id;
}

void Hub::unsubscribe(SubscriptionId id) {
    std::shared_ptr<Channel> ch;
    {
        std::lock_guard lock(mutex_);
        auto it = pages_.find(id);
        if (it == pages_.end()) return;
        ch = std::move(it->second);
        pages_.erase(it);
    }
    std::vector<std::shared_ptr<Subscriber>> keep;
    std::lock_guard lock(ch->mutex);
    if (ch->members.erase(id) == 0) return;
    ch->presence_dirty = true;
    if (ch->members.empty()) ch->emptied_at = Clock::now();
    if (ch->typists.erase(id)) ch->update_typing(keep);
}

void Hub::set_viewer(SubscriptionId id, domain::Viewer viewer) {
    std::shared_ptr<Channel> ch;
    {
        std::lock_guard lock(mutex_);
        auto it = pages_.find(id);
        if (it == pages_.end()) return;
        ch = it->second;
    }
    std::lock_guard lock(ch->mutex);
    if (auto m = ch->members.find(id); m != ch->members.end()) m->second.viewer = std::move(viewer);
}

bool Hub::typing(SubscriptionId id) {
    std::shared_ptr<Channel> ch;
    {
        std::lock_guard lock(mutex_);
        auto it = pages_.find(id);
        if (it == pages_.end()) return false;
        ch = it->second;
    }
    std::vector<std::shared_ptr<Subscriber>> keep;
    std::lock_guard lock(ch->mutex);
    auto m = ch->members.find(id);
    if (m == ch->members.end()) return false;
    const auto now = Clock::now();
    if (m->second.last_typing != Clock::time_point{} && now - m->second.last_typing < options_.typing_throttle)
        return true;
    m->second.last_typing = now;
    const bool was_typing = ch->typists.count(id) > 0;
    ch->typists[id] = now;
    if (!was_typing) ch->update_typing(keep);
    return true;
}

bool Hub::typing(const std::string& page, std::string_view connection) {
    if (connection.size() < 2 || connection.front() != 'c') return false;
    SubscriptionId id = 0;
    for (char c : connection.substr(1)) {
        if (c < '0' || c > '9' || id > (UINT64_MAX - 9) / 10) return false;
        id = id * 10 + static_cast<SubscriptionId>(c - '0');
    }
    {
        std::lock_guard lock(mutex_);
        auto it = pages_.find(id);
        if (it == pages_.end()) return false;
        auto ch = channels_.find(page);
        if (ch == channels_.end() || ch->second != it->second) return false;
    }
    return typing(id);
}

void Hub::publish(const std::string& page, const CommentEvent& event) {
    auto ch = channel(page, true);
    std::vector<std::shared_ptr<Subscriber>> keep;
    std::lock_guard lock(ch->mutex);
    const std::uint64_t id = ++last_event_id_;
    Channel::Logged logged{id, Clock::now(), event.comment, event_frame(id, event.visible_tail),
                           event.hidden_tail.empty() ? nullptr : event_frame(id, event.hidden_tail)};
    ch->each(keep, [&](SubscriptionId, Channel::Member& m, Subscriber& s) {
        if (domain::can_see(m.viewer, logged.comment)) s.deliver(logged.visible, id);
        else if (logged.hidden) s.deliver(logged.hidden, id);
    });
    ch->log.push_back(std::move(logged));
    while (ch->log.size() > options_.max_log_per_page) {
        ch->dropped_through = ch->log.front().id;
        ch->log.pop_front();
    }
    if (event.total && event.total != ch->total) {
        const std::uint64_t count_id = ++last_event_id_;
        ch->total = event.total;
        ch->total_event_id = count_id;
        ch->total_frame = event_frame(count_id, "\"type\":\"count\",\"total\":" + std::to_string(*event.total) + "}");
        ch->each(keep, [&](SubscriptionId, Channel::Member&, Subscriber& s) { s.deliver(ch->total_frame, count_id); });
    }
}

std::size_t Hub::connections() const {
    std::lock_guard lock(mutex_);
    return pages_.size();
}

std::int64_t Hub::active(const std::string& page) const {
    std::shared_ptr<Channel> ch;
    {
        std::lock_guard lock(mutex_);
        auto it = channels_.find(page);
        if (it == channels_.end()) return 0;
        ch = it->second;
    }
    std::lock_guard lock(ch->mutex);
    return static_cast<std::int64_t>(ch->members.size());
}

void Hub::run_ticker() {
    std::unique_lock lock(ticker_mutex_);
    while (!stopping_) {
        ticker_wake_.wait_for(lock, options_.tick, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        tick();
        lock.lock();
    }
}

// Presence is sent at most once a tick per page (20,000 readers arriving must not cost
// 20,000 broadcasts each); typing expires; old events and idle channels are dropped.
void Hub::tick() {
    std::vector<std::pair<std::string, std::shared_ptr<Channel>>> all;
    {
        std::lock_guard lock(mutex_);
        all.assign(channels_.begin(), channels_.end());
    }
    const auto now = Clock::now();
    const bool sweep = now - last_sweep_ >= std::chrono::seconds(1);
    if (sweep) last_sweep_ = now;
    std::vector<std::string> idle;
    for (auto& [page, ch] : all) {
        std::vector<std::shared_ptr<Subscriber>> keep;
        std::lock_guard lock(ch->mutex);
        bool typing_changed = false;
        for (auto it = ch->typists.begin(); it != ch->typists.end();) {
            if (now - it->second >= options_.typing_expiry) {
                it = ch->typists.erase(it);
                typing_changed = true;
            } else {
                ++it;
            }
        }
        if (typing_changed) ch->update_typing(keep);
        if (sweep) {
            // Streams are meant to unsubscribe as they close; this catches any that could not.
            for (auto it = ch->members.begin(); it != ch->members.end();) {
                if (!it->second.subscriber.expired()) {
                    ++it;
                    continue;
                }
                ch->typists.erase(it->first);
                it = ch->members.erase(it);
                ch->presence_dirty = true;
            }
        }
        if (ch->presence_dirty) {
            ch->presence_dirty = false;
            const auto active = static_cast<std::int64_t>(ch->members.size());
            if (active != ch->presence_sent) {
                ch->presence_sent = active;
                const auto frame = presence_frame(active);
                ch->each(keep, [&](SubscriptionId, Channel::Member&, Subscriber& s) { s.deliver(frame, 0); });
            }
        }
        while (!ch->log.empty() && now - ch->log.front().at > options_.replay_window) {
            ch->dropped_through = ch->log.front().id;
            ch->log.pop_front();
        }
        if (ch->members.empty() && ch->log.empty() && now - ch->emptied_at > options_.replay_window)
            idle.push_back(page);
    }
    if (idle.empty()) return;
    std::lock_guard lock(mutex_);
    for (const auto& page : idle) {
        auto it = channels_.find(page);
        if (it == channels_.end()) continue;
        std::lock_guard ch_lock(it->second->mutex);
        if (!it->second->members.empty() || !it->second->log.empty()) continue;
        forgotten_through_ = std::max(forgotten_through_, it->second->dropped_through);
        channels_.erase(it);
    }
}

}  // namespace tribune::live
