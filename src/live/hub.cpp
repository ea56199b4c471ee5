#include "live/hub.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <deque>
#include <stdexcept>
#include <unordered_set>
#include <vector>

#include "live/live_metrics.hpp"

namespace tribune::live {
namespace {

using Clock = std::chrono::steady_clock;

FramePtr event_frame(std::uint64_t id, const std::string& tail) {
    std::string f = "{\"event_id\":" + std::to_string(id) + ",";
    f += tail;
    return make_frame(f, id);
}

FramePtr presence_frame(std::int64_t active) {
    return make_frame("{\"type\":\"presence\",\"active\":" + std::to_string(active) + "}");
}

const FramePtr& typing_frame(bool on) {
    static const auto yes = make_frame(R"({"type":"typing","typing":true})");
    static const auto no = make_frame(R"({"type":"typing","typing":false})");
    return on ? yes : no;
}

void deliver_one(Subscriber& s, FramePtr frame, std::uint64_t event_id = 0) {
    const Outgoing out{std::move(frame), event_id};
    s.deliver(std::span(&out, 1), Delivery::kLive);
}

std::uint64_t boot_event_id() {
    // Ids continue to grow across restarts, so a client's Last-Event-ID from an earlier run is
    // recognisably older than anything this run kept (it then gets a reset).
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

}  // namespace

struct Hub::Channel {
    struct Member {
        std::weak_ptr<Subscriber> subscriber;
        domain::Viewer viewer;
        bool shows_typing = false;
        Clock::time_point last_typing{};
        std::uint64_t since = 0;  // events after this were sent (or replayed) as `viewer` saw them
        bool authenticated = false;  // proved an author token (allowed once)
        std::string credential;      // see Hub::subscribe
    };
    struct Logged {
        std::uint64_t id;
        Clock::time_point at;
        domain::Comment comment;
        FramePtr visible;
        FramePtr hidden;
    };
    // What another node last announced about this page.
    struct Remote {
        std::int64_t active = 0;
        Clock::time_point seen{};
        Clock::time_point typing_until{};  // typing while now < this
    };

    std::mutex mutex;
    bool dropped = false;  // the ticker removed this channel from the hub: use a fresh one
    std::unordered_map<SubscriptionId, Member> members;
    std::deque<Logged> log;
    std::uint64_t dropped_through = 0;  // events up to this id are no longer kept
    std::optional<std::int64_t> total;
    std::uint64_t total_event_id = 0;
    FramePtr total_frame;
    std::unordered_map<SubscriptionId, Clock::time_point> typists;
    std::unordered_map<std::string, Remote> remotes;  // by node
    std::int64_t remote_active = 0;                   // sum over remotes
    std::size_t remote_typists = 0;                   // remotes typing now
    std::int64_t presence_sent = -1;
    bool presence_dirty = false;
    Clock::time_point next_presence_at{};  // presence goes out no earlier than this
    bool local_dirty = false;  // members or typists changed since the listener last heard
    Clock::time_point emptied_at = Clock::now();

    std::int64_t everywhere() const { return static_cast<std::int64_t>(members.size()) + remote_active; }

    void members_changed() {
        presence_dirty = true;
        local_dirty = true;
    }

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
                members_changed();
                continue;
            }
            f(it->first, it->second, *s);
            keep.push_back(std::move(s));
            ++it;
        }
    }

    void update_typing(std::vector<std::shared_ptr<Subscriber>>& keep) {
        each(keep, [&](SubscriptionId id, Member& m, Subscriber& s) {
            const std::size_t others = typists.size() - (typists.count(id) ? 1 : 0) + remote_typists;
            const bool shows = others > 0;
            if (shows == m.shows_typing) return;
            m.shows_typing = shows;
            deliver_one(s, typing_frame(shows));
        });
    }

    // Recomputes the remote sums; tells subscribers when typing changed (presence waits for a tick).
    void remotes_changed(Clock::time_point now, std::vector<std::shared_ptr<Subscriber>>& keep) {
        std::int64_t active = 0;
        std::size_t typing = 0;
        for (const auto& [node, r] : remotes) {
            active += r.active;
            if (now < r.typing_until) ++typing;
        }
        if (active != remote_active) presence_dirty = true;
        remote_active = active;
        if (typing == remote_typists) return;
        remote_typists = typing;
        update_typing(keep);
    }
};

Hub::Hub(HubOptions options)
    : options_(options),
      forgotten_through_(boot_event_id()),
      last_event_id_(forgotten_through_),
      ticker_([this] { run_ticker(); }) {
    // The ticker already runs: nothing here may throw. randombytes_buf initialises what it needs.
    if (sodium_init() < 0) std::fputs("tribune: libsodium did not initialise\n", stderr);
    randombytes_buf(connection_key_.data(), connection_key_.size());
}

Hub::~Hub() {
    {
        std::lock_guard lock(ticker_mutex_);
        stopping_ = true;
    }
    ticker_wake_.notify_all();
    ticker_.join();
}

// "c<id>-<tag>": the tag keeps one reader from typing or proving tokens in another reader's
// name (SSE clients say both over plain POSTs). A MAC, so one's own names reveal no key.
std::string Hub::connection_name(SubscriptionId id) const {
    unsigned char in[8];
    for (int i = 0; i < 8; ++i) in[i] = static_cast<unsigned char>(id >> (8 * i));
    unsigned char mac[16];
    crypto_generichash(mac, sizeof mac, in, sizeof in, connection_key_.data(), connection_key_.size());
    char hex[sizeof mac * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
    std::string name = "c";
    name += std::to_string(id);
    name += '-';
    name += hex;
    return name;
}

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

std::pair<std::shared_ptr<Hub::Channel>, std::unique_lock<std::mutex>> Hub::locked_channel(
    const std::string& page) {
    for (;;) {
        auto ch = channel(page, true);
        std::unique_lock lock(ch->mutex);
        if (!ch->dropped) return {std::move(ch), std::move(lock)};
    }
}

void Hub::lost_through(std::uint64_t position) {
    std::lock_guard lock(mutex_);
    forgotten_through_ = std::max(forgotten_through_, position);
    for (auto& [page, ch] : channels_) {
        std::lock_guard ch_lock(ch->mutex);
        ch->dropped_through = std::max(ch->dropped_through, position);
    }
}

void Hub::start_at(std::uint64_t position) {
    std::lock_guard lock(mutex_);
    forgotten_through_ = position;
    last_event_id_.store(position);
    for (auto& [page, ch] : channels_) {
        std::lock_guard ch_lock(ch->mutex);
        if (ch->log.empty()) ch->dropped_through = position;
    }
}

std::vector<Hub::StaffStream> Hub::staff_streams() const {
    std::vector<std::shared_ptr<Channel>> all;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [page, ch] : channels_) all.push_back(ch);
    }
    std::vector<StaffStream> out;
    for (const auto& ch : all) {
        std::lock_guard lock(ch->mutex);
        for (const auto& [id, m] : ch->members)
            if (m.viewer.is_staff()) out.push_back(StaffStream{id, m.viewer, m.credential});
    }
    return out;
}

SubscriptionId Hub::subscribe(const std::string& page, std::weak_ptr<Subscriber> subscriber,
                              domain::Viewer viewer, std::optional<std::uint64_t> last_event_id,
                              std::string credential) {
    SubscriptionId id;
    {
        std::lock_guard lock(mutex_);
        id = next_subscription_++;
    }
    auto s = subscriber.lock();
    if (!s) return id;
    std::shared_ptr<Channel> ch;
    std::unique_lock<std::mutex> lock;
    for (;;) {
        ch = channel(page, true);
        {
            std::lock_guard pages_lock(mutex_);
            pages_[id] = ch;
        }
        lock = std::unique_lock(ch->mutex);
        if (!ch->dropped) break;
        lock.unlock();
    }
    // The greeting, the replay and the typing state go out as one delivery (one write).
    std::vector<Outgoing> out;
    out.push_back({make_frame("{\"type\":\"hello\",\"connection\":\"" + connection_name(id) +
                              "\",\"event_id\":" + std::to_string(last_event_id_.load()) + "}")});
    // What this stream will have received as `viewer`: a replay from its resume point, or
    // (fresh, or reset) whatever this page records from now on.
    const bool resumes = last_event_id && *last_event_id > 0 && *last_event_id >= ch->dropped_through;
    const std::uint64_t since = resumes ? *last_event_id : ch->log.empty() ? ch->dropped_through : ch->log.back().id;
    ch->members.emplace(id, Channel::Member{subscriber, viewer, false, {}, since, false, std::move(credential)});
    ch->members_changed();
    out.push_back({presence_frame(ch->everywhere())});
    if (last_event_id && *last_event_id > 0) {
        if (*last_event_id < ch->dropped_through) {
            out.push_back({make_frame(R"({"type":"reset"})")});
        } else {
            // In id order, the latest count among the events: a client resumes from the last id it saw.
            bool count_due = ch->total_frame && ch->total_event_id > *last_event_id;
            for (const auto& e : ch->log) {
                if (e.id <= *last_event_id) continue;
                if (count_due && ch->total_event_id < e.id) {
                    out.push_back({ch->total_frame, ch->total_event_id});
                    count_due = false;
                }
                if (domain::can_see(viewer, e.comment))
                    out.push_back({e.visible, e.id});
                else if (e.hidden)
                    out.push_back({e.hidden, e.id});
            }
            if (count_due) out.push_back({ch->total_frame, ch->total_event_id});
        }
    }
    if (!ch->typists.empty() || ch->remote_typists > 0) {
        ch->members[id].shows_typing = true;
        out.push_back({typing_frame(true)});
    }
    s->deliver(out, Delivery::kReplay);
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
    ch->members_changed();
    if (ch->members.empty()) ch->emptied_at = Clock::now();
    if (ch->typists.erase(id)) ch->update_typing(keep);
}

void Hub::set_viewer(SubscriptionId id, domain::Viewer viewer) {
    change_viewer(id, [&](const domain::Viewer&) { return std::move(viewer); });
}

Hub::AuthResult Hub::change_viewer(SubscriptionId id,
                                   const std::function<domain::Viewer(const domain::Viewer&)>& change,
                                   bool authenticating) {
    std::shared_ptr<Channel> ch;
    {
        std::lock_guard lock(mutex_);
        auto it = pages_.find(id);
        if (it == pages_.end()) return AuthResult::kUnknownConnection;
        ch = it->second;
    }
    std::shared_ptr<Subscriber> s;  // released after the lock
    std::lock_guard lock(ch->mutex);
    auto m = ch->members.find(id);
    if (m == ch->members.end()) return AuthResult::kUnknownConnection;
    domain::Viewer viewer = change(m->second.viewer);
    if (authenticating) {
        if (m->second.authenticated)
            return viewer.author_token_hash == m->second.viewer.author_token_hash ? AuthResult::kDone
                                                                                 : AuthResult::kAlreadyDone;
        m->second.authenticated = true;
    }
    // Only each comment's latest kept event counts: an earlier one (created while pending) must
    // not undo a later one the reader already has (approved). It is missed when the new viewer
    // may see it and the old one could not.
    std::vector<Outgoing> missed;
    std::unordered_set<domain::CommentId> latest_seen;
    for (auto e = ch->log.rbegin(); e != ch->log.rend() && e->id > m->second.since; ++e) {
        if (!latest_seen.insert(e->comment.id).second) continue;
        if (domain::can_see(viewer, e->comment) && !domain::can_see(m->second.viewer, e->comment))
            missed.push_back({e->visible, e->id});
    }
    std::reverse(missed.begin(), missed.end());
    m->second.viewer = std::move(viewer);
    // Everything kept so far has now reached it as this viewer.
    if (!ch->log.empty()) m->second.since = std::max(m->second.since, ch->log.back().id);
    if (missed.empty()) return AuthResult::kDone;
    s = m->second.subscriber.lock();
    if (s) s->deliver(missed, Delivery::kReplay);
    return AuthResult::kDone;
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
    if (m->second.last_typing != Clock::time_point{} &&
        now - m->second.last_typing < options_.typing_throttle)
        return true;
    m->second.last_typing = now;
    const bool was_typing = ch->typists.count(id) > 0;
    ch->typists[id] = now;
    // Other nodes hear of it too, and of each renewal, so their copy outlives a long typist.
    ch->local_dirty = true;
    if (!was_typing) ch->update_typing(keep);
    return true;
}

std::optional<SubscriptionId> Hub::named(const std::string& page, std::string_view connection) const {
    const auto dash = connection.find('-');
    if (connection.size() < 2 || connection.front() != 'c' || dash == std::string_view::npos) return std::nullopt;
    SubscriptionId id = 0;
    for (char c : connection.substr(1, dash - 1)) {
        if (c < '0' || c > '9' || id > (UINT64_MAX - 9) / 10) return std::nullopt;
        id = id * 10 + static_cast<SubscriptionId>(c - '0');
    }
    const std::string expected = connection_name(id);
    if (expected.size() != connection.size() ||
        sodium_memcmp(expected.data(), connection.data(), expected.size()) != 0)
        return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = pages_.find(id);
    if (it == pages_.end()) return std::nullopt;
    auto ch = channels_.find(page);
    if (ch == channels_.end() || ch->second != it->second) return std::nullopt;
    return id;
}

bool Hub::typing(const std::string& page, std::string_view connection) {
    const auto id = named(page, connection);
    return id && typing(*id);
}

Hub::AuthResult Hub::authenticate(SubscriptionId id, std::string token_hash) {
    return change_viewer(
        id,
        [&](const domain::Viewer& before) {
            domain::Viewer after = before;
            if (!after.is_staff()) after.author_token_hash = std::move(token_hash);
            return after;
        },
        true);
}

Hub::AuthResult Hub::set_author(const std::string& page, std::string_view connection, std::string token_hash) {
    const auto id = named(page, connection);
    if (!id) return AuthResult::kUnknownConnection;
    return authenticate(*id, std::move(token_hash));
}

void Hub::publish(const std::string& page, const CommentEvent& event) {
    std::vector<std::shared_ptr<Subscriber>> keep;  // released after the lock
    const metrics::ScopedTimer timed(fanout_seconds());
    auto [ch, lock] = locked_channel(page);
    const std::uint64_t id = ++last_event_id_;
    record(
        *ch, id, [this] { return ++last_event_id_; }, Clock::now(), event, keep);
}

bool Hub::apply(const std::string& page, const CommentEvent& event, std::uint64_t id,
                std::chrono::milliseconds age) {
    std::uint64_t last = last_event_id_.load();
    do {
        if (id <= last) return false;
    } while (!last_event_id_.compare_exchange_weak(last, id + 1));
    std::vector<std::shared_ptr<Subscriber>> keep;  // released after the lock
    const metrics::ScopedTimer timed(fanout_seconds());
    auto [ch, lock] = locked_channel(page);
    record(
        *ch, id, [id] { return id + 1; }, Clock::now() - age, event, keep);
    return true;
}

// A reader hears of a count change only with an event it was told about: a pending comment
// changes nothing for readers who may not see it. Likewise the "hidden" form of a change (a
// comment.deleted) goes only to readers who could see the comment before, which the approved
// count tells: it dropped, or the hub does not know.
void Hub::record(Channel& ch, std::uint64_t id, const std::function<std::uint64_t()>& count_id,
                 Clock::time_point at, const CommentEvent& event,
                 std::vector<std::shared_ptr<Subscriber>>& keep) {
    const bool total_changed = event.total && event.total != ch.total;
    const bool was_public = !event.total || !ch.total || total_changed;
    Channel::Logged logged{
        id, at, event.comment, event_frame(id, event.visible_tail),
        event.hidden_tail.empty() || !was_public ? nullptr : event_frame(id, event.hidden_tail)};
    // The count goes with the event to whoever hears of the event: one delivery, one write.
    Outgoing count;
    if (total_changed) {
        const std::uint64_t total_id = count_id();
        ch.total = event.total;
        ch.total_event_id = total_id;
        ch.total_frame =
            event_frame(total_id, "\"type\":\"count\",\"total\":" + std::to_string(*event.total) + "}");
        count = {ch.total_frame, total_id};
    }
    // Who hears of it, and in which form, is decided here; the writes are spread over the pool.
    std::vector<std::pair<Subscriber*, bool>> targets;  // (subscriber, sees the visible form)
    targets.reserve(ch.members.size());
    ch.each(keep, [&](SubscriptionId, Channel::Member& m, Subscriber& s) {
        if (domain::can_see(m.viewer, logged.comment))
            targets.emplace_back(&s, true);
        else if (logged.hidden)
            targets.emplace_back(&s, false);
    });
    const std::array<Outgoing, 2> visible{Outgoing{logged.visible, id}, count};
    const std::array<Outgoing, 2> hidden{Outgoing{logged.hidden, id}, count};
    const std::size_t frames = count.frame ? 2 : 1;
    fanout_.run(targets.size(), options_.fanout_slice, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            targets[i].first->deliver(std::span((targets[i].second ? visible : hidden).data(), frames),
                                      Delivery::kLive);
    });
    {
        const std::size_t bytes = sizeof(Channel::Logged) + logged.comment.text.size() + logged.comment.page.size() +
                                  (logged.visible ? logged.visible->bytes() : 0) +
                                  (logged.hidden ? logged.hidden->bytes() : 0);
        std::lock_guard sizes(sizes_mutex_);
        sizes_.push_back(LogSize{id, at, bytes});
        log_bytes_ += bytes;
    }
    // The comment's words are gone: so are its earlier events (a resuming reader still gets this
    // one, which says it is gone). Their bytes stay counted until they would have aged out.
    if (event.removes_earlier)
        std::erase_if(ch.log, [&](const Channel::Logged& e) { return e.comment.id == event.comment.id; });
    ch.log.push_back(std::move(logged));
    while (ch.log.size() > options_.max_log_per_page) {
        ch.dropped_through = ch.log.front().id;
        ch.log.pop_front();
    }
}

void Hub::fan_out(const std::vector<std::shared_ptr<Subscriber>>& to, const FramePtr& frame) {
    const Outgoing out{frame, 0};
    fanout_.run(to.size(), options_.fanout_slice, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) to[i]->deliver(std::span(&out, 1), Delivery::kLive);
    });
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

std::int64_t Hub::active_everywhere(const std::string& page) const {
    std::shared_ptr<Channel> ch;
    {
        std::lock_guard lock(mutex_);
        auto it = channels_.find(page);
        if (it == channels_.end()) return 0;
        ch = it->second;
    }
    std::lock_guard lock(ch->mutex);
    return ch->everywhere();
}

void Hub::set_remote(const std::string& node, const PageState& state) {
    const auto now = Clock::now();
    std::vector<std::shared_ptr<Subscriber>> keep;
    auto [ch, lock] = locked_channel(state.page);
    if (state.active <= 0 && !state.typing) {
        if (ch->remotes.erase(node) == 0) return;
    } else {
        auto& r = ch->remotes[node];
        r.active = std::max<std::int64_t>(state.active, 0);
        r.seen = now;
        r.typing_until = state.typing ? now + options_.typing_expiry : Clock::time_point{};
    }
    ch->remotes_changed(now, keep);
}

void Hub::forget_node(const std::string& node) {
    std::vector<std::shared_ptr<Channel>> all;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [page, ch] : channels_) all.push_back(ch);
    }
    const auto now = Clock::now();
    for (auto& ch : all) {
        std::vector<std::shared_ptr<Subscriber>> keep;
        std::lock_guard lock(ch->mutex);
        if (ch->remotes.erase(node)) ch->remotes_changed(now, keep);
    }
}

void Hub::set_local_listener(LocalListener listener) {
    std::lock_guard lock(listener_mutex_);
    listener_ = std::move(listener);
}

std::size_t Hub::log_bytes() const {
    std::lock_guard lock(sizes_mutex_);
    return log_bytes_;
}

// Between ticks the logs may pass the bound by what one tick logs; a client resuming from an
// event dropped here gets a reset, as after the window.
std::uint64_t Hub::trim_sizes(Clock::time_point now) {
    std::lock_guard lock(sizes_mutex_);
    std::uint64_t cut = 0;
    while (!sizes_.empty() && (now - sizes_.front().at > options_.replay_window || log_bytes_ > options_.max_log_bytes)) {
        if (log_bytes_ > options_.max_log_bytes) cut = std::max(cut, sizes_.front().id);
        log_bytes_ -= sizes_.front().bytes;
        sizes_.pop_front();
    }
    return cut;
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
// 20,000 broadcasts each); typing expires; other nodes' states lapse; the listener hears what
// changed here; old events and idle channels are dropped.
void Hub::tick() {
    std::vector<std::pair<std::string, std::shared_ptr<Channel>>> all;
    {
        std::lock_guard lock(mutex_);
        all.assign(channels_.begin(), channels_.end());
    }
    bool listener = false;
    {
        std::lock_guard lock(listener_mutex_);
        listener = static_cast<bool>(listener_);
    }
    const auto now = Clock::now();
    const std::uint64_t cut = trim_sizes(now);
    const bool sweep = now - last_sweep_ >= std::chrono::seconds(1);
    if (sweep) last_sweep_ = now;
    const bool announce_all = listener && now - last_announce_ >= options_.announce_every;
    if (announce_all) last_announce_ = now;
    std::vector<PageState> announce;
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
        if (typing_changed) {
            ch->local_dirty = true;
            ch->update_typing(keep);
        }
        if (!ch->remotes.empty()) {
            for (auto it = ch->remotes.begin(); it != ch->remotes.end();) {
                if (now - it->second.seen >= options_.remote_expiry)
                    it = ch->remotes.erase(it);
                else
                    ++it;
            }
            ch->remotes_changed(now, keep);
        }
        if (sweep) {
            // Streams are meant to unsubscribe as they close; this catches any that could not.
            for (auto it = ch->members.begin(); it != ch->members.end();) {
                if (!it->second.subscriber.expired()) {
                    ++it;
                    continue;
                }
                ch->typists.erase(it->first);
                it = ch->members.erase(it);
                ch->members_changed();
            }
        }
        if (ch->presence_dirty && now >= ch->next_presence_at) {
            ch->presence_dirty = false;
            // A crowd arriving must not cost each reader a frame per arrival: the bigger the
            // page, the less often its count goes out (100 ms per 1,000 readers, at most 2 s).
            const auto spacing = std::clamp(std::chrono::milliseconds(ch->members.size() / 10),
                                            std::chrono::milliseconds(0), std::chrono::milliseconds(2000));
            ch->next_presence_at = now + spacing;
            const auto active = ch->everywhere();
            if (active != ch->presence_sent) {
                ch->presence_sent = active;
                std::vector<std::shared_ptr<Subscriber>> readers;
                ch->each(readers, [](SubscriptionId, Channel::Member&, Subscriber&) {});
                fan_out(readers, presence_frame(active));
                // Released with `keep`, after the channel's lock.
                keep.insert(keep.end(), std::make_move_iterator(readers.begin()),
                            std::make_move_iterator(readers.end()));
            }
        }
        if (listener && (ch->local_dirty || (announce_all && (!ch->members.empty() || !ch->typists.empty()))))
            announce.push_back(
                PageState{page, static_cast<std::int64_t>(ch->members.size()), !ch->typists.empty()});
        ch->local_dirty = false;
        while (!ch->log.empty() && (now - ch->log.front().at > options_.replay_window || ch->log.front().id <= cut)) {
            ch->dropped_through = ch->log.front().id;
            ch->log.pop_front();
        }
        if (ch->members.empty() && ch->log.empty() && ch->remotes.empty() &&
            now - ch->emptied_at > options_.replay_window)
            idle.push_back(page);
    }
    if (!announce.empty()) {
        std::lock_guard lock(listener_mutex_);
        if (listener_) listener_(std::move(announce));
    }
    if (idle.empty()) return;
    std::lock_guard lock(mutex_);
    for (const auto& page : idle) {
        auto it = channels_.find(page);
        if (it == channels_.end()) continue;
        auto& ch = *it->second;
        std::lock_guard ch_lock(ch.mutex);
        if (!ch.members.empty() || !ch.log.empty() || !ch.remotes.empty()) continue;
        forgotten_through_ = std::max(forgotten_through_, ch.dropped_through);
        ch.dropped = true;
        channels_.erase(it);
    }
}

}  // namespace tribune::live
