#include "live/hub.hpp"

#include <algorithm>

#include "live/channel.hpp"
#include "live/live_metrics.hpp"

namespace tribune::live {
namespace {

std::uint64_t boot_event_id() {
    // Ids continue to grow across restarts, so a client's Last-Event-ID from an earlier run is
    // recognisably older than anything this run kept (it then gets a reset).
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

// Whether `every` has passed since `last` at `now`; if so, it starts again from now.
bool elapsed(std::chrono::steady_clock::time_point& last, std::chrono::steady_clock::time_point now,
             std::chrono::steady_clock::duration every) {
    if (now - last < every) return false;
    last = now;
    return true;
}

}  // namespace

Hub::Hub(HubOptions options)
    : options_(options),
      forgotten_through_(boot_event_id()),
      last_event_id_(forgotten_through_),
      ticker_([this] { run_ticker(); }) {}

Hub::~Hub() {
    {
        std::lock_guard lock(ticker_mutex_);
        stopping_ = true;
    }
    ticker_wake_.notify_all();
    ticker_.join();
}

std::string Hub::connection_name(SubscriptionId id) const { return names_.name(id); }

std::shared_ptr<Channel> Hub::channel(const std::string& page, bool create) {
    std::lock_guard lock(mutex_);
    auto it = channels_.find(page);
    if (it != channels_.end()) return it->second;
    if (!create) return nullptr;
    // Events of this page that are no longer kept are at most those of forgotten channels (or
    // of an earlier run of the server).
    auto ch = std::make_shared<Channel>(TypingOptions{options_.typing_throttle, options_.typing_expiry},
                                        PresenceOptions{options_.typing_expiry, options_.remote_expiry},
                                        forgotten_through_, Clock::now());
    channels_.emplace(page, ch);
    return ch;
}

std::pair<std::shared_ptr<Channel>, std::unique_lock<std::mutex>> Hub::locked_channel(const std::string& page) {
    for (;;) {
        auto ch = channel(page, true);
        std::unique_lock lock(ch->mutex);
        if (!ch->dropped) return {std::move(ch), std::move(lock)};
    }
}

std::shared_ptr<Channel> Hub::channel_of(SubscriptionId id) const {
    std::lock_guard lock(mutex_);
    auto it = pages_.find(id);
    return it == pages_.end() ? nullptr : it->second;
}

std::vector<Hub::Page> Hub::pages() const {
    std::lock_guard lock(mutex_);
    return {channels_.begin(), channels_.end()};
}

void Hub::lost_through(std::uint64_t position) {
    std::lock_guard lock(mutex_);
    forgotten_through_ = std::max(forgotten_through_, position);
    for (auto& [page, ch] : channels_) {
        std::lock_guard ch_lock(ch->mutex);
        ch->log.forget_through(position);
    }
}

void Hub::start_at(std::uint64_t position) {
    std::lock_guard lock(mutex_);
    forgotten_through_ = position;
    last_event_id_.store(position);
    for (auto& [page, ch] : channels_) {
        std::lock_guard ch_lock(ch->mutex);
        ch->log.start_at(position);
    }
}

std::vector<Hub::StaffStream> Hub::staff_streams() const {
    std::vector<StaffStream> out;
    for (const auto& [page, ch] : pages()) {
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
    ch->join(id, Channel::Member{std::move(subscriber), std::move(viewer), false, 0, false, std::move(credential)},
             last_event_id, out);
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
    Channel::Keep keep;  // released after the lock
    std::lock_guard lock(ch->mutex);
    ch->leave(id, Clock::now(), keep);
}

void Hub::set_viewer(SubscriptionId id, domain::Viewer viewer) {
    change_viewer(id, [&](const domain::Viewer&) { return std::move(viewer); });
}

Hub::AuthResult Hub::change_viewer(SubscriptionId id,
                                   const std::function<domain::Viewer(const domain::Viewer&)>& change,
                                   bool authenticating) {
    auto ch = channel_of(id);
    if (!ch) return AuthResult::kUnknownConnection;
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
    const std::vector<Outgoing> missed = ch->log.missed(m->second.viewer, viewer, m->second.since);
    m->second.viewer = std::move(viewer);
    // Everything kept so far has now reached it as this viewer.
    if (const auto newest = ch->log.newest()) m->second.since = std::max(m->second.since, *newest);
    if (missed.empty()) return AuthResult::kDone;
    s = m->second.subscriber.lock();
    if (s) s->deliver(missed, Delivery::kReplay);
    return AuthResult::kDone;
}

bool Hub::typing(SubscriptionId id) {
    auto ch = channel_of(id);
    if (!ch) return false;
    Channel::Keep keep;  // released after the lock
    std::lock_guard lock(ch->mutex);
    if (!ch->members.contains(id)) return false;
    switch (ch->typing.signal(id, Clock::now())) {
        case Typing::Signal::kDropped:
            break;
        case Typing::Signal::kRenewed:
            // Other nodes hear of each renewal too, so their copy outlives a long typist.
            ch->presence.typing_changed();
            break;
        case Typing::Signal::kStarted:
            ch->typing_changed(keep);
            break;
    }
    return true;
}

std::optional<SubscriptionId> Hub::named(const std::string& page, std::string_view connection) const {
    const auto id = names_.id_of(connection);
    if (!id) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = pages_.find(*id);
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
    Channel::Keep keep;  // released after the lock
    const metrics::ScopedTimer timed(fanout_seconds());
    auto [ch, lock] = locked_channel(page);
    const std::uint64_t id = ++last_event_id_;
    record(*ch, id, [this] { return ++last_event_id_; }, Clock::now(), event, keep);
}

bool Hub::apply(const std::string& page, const CommentEvent& event, std::uint64_t id,
                std::chrono::milliseconds age) {
    std::uint64_t last = last_event_id_.load();
    do {
        if (id <= last) return false;
    } while (!last_event_id_.compare_exchange_weak(last, id + 1));
    Channel::Keep keep;  // released after the lock
    const metrics::ScopedTimer timed(fanout_seconds());
    auto [ch, lock] = locked_channel(page);
    record(*ch, id, [id] { return id + 1; }, Clock::now() - age, event, keep);
    return true;
}

void Hub::record(Channel& ch, std::uint64_t id, const std::function<std::uint64_t()>& count_id,
                 Clock::time_point at, const CommentEvent& event, Channel::Keep& keep) {
    auto prepared = ch.log.prepare(id, at, event, count_id);
    ch.deliver(prepared, fanout_, options_.fanout_slice, keep);
    budget_.add(id, at, ReplayLog::bytes(prepared.entry));
    ch.log.append(std::move(prepared.entry), event.removes_earlier, options_.max_log_per_page);
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
    Channel::Keep keep;  // released after the lock
    auto [ch, lock] = locked_channel(state.page);
    if (ch->presence.set_remote(node, state.active, state.typing, now)) ch->show_typing(keep);
}

void Hub::forget_node(const std::string& node) {
    const auto now = Clock::now();
    for (const auto& [page, ch] : pages()) {
        Channel::Keep keep;  // released after the lock
        std::lock_guard lock(ch->mutex);
        if (ch->presence.forget(node, now)) ch->show_typing(keep);
    }
}

void Hub::set_local_listener(LocalListener listener) {
    std::lock_guard lock(listener_mutex_);
    listener_ = std::move(listener);
}

bool Hub::has_listener() {
    std::lock_guard lock(listener_mutex_);
    return static_cast<bool>(listener_);
}

std::size_t Hub::log_bytes() const { return budget_.bytes(); }

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

// Each tick, per page: typing expires, other nodes' states lapse, streams gone are swept (each
// second), the reader count goes out if due (coalesced: 20,000 readers arriving must not cost
// 20,000 broadcasts each), the listener hears what changed here, and old events leave the log
// (by age, or for the byte budget). Then idle channels are let go.
void Hub::tick() {
    const auto now = Clock::now();
    const bool listener = has_listener();
    const std::uint64_t cut = budget_.trim(now);
    const bool sweep = elapsed(last_sweep_, now, std::chrono::seconds(1));
    const bool announce_all = listener && elapsed(last_announce_, now, options_.announce_every);
    std::vector<PageState> changed;
    std::vector<std::string> idle;
    for (const auto& [page, ch] : pages()) {
        Channel::Keep keep;  // released after the lock
        std::lock_guard lock(ch->mutex);
        if (ch->typing.expire(now)) ch->typing_changed(keep);
        if (ch->presence.lapse(now)) ch->show_typing(keep);
        if (sweep) ch->sweep();
        if (const auto active = ch->presence.due(now, ch->members.size()))
            ch->send_presence(*active, fanout_, options_.fanout_slice, keep);
        if ((ch->presence.take_local_change() && listener) || (announce_all && ch->has_local_state()))
            changed.push_back(ch->state(page));
        ch->log.trim(now, options_.replay_window, cut);
        if (ch->idle(now, options_.replay_window)) idle.push_back(page);
    }
    announce(std::move(changed));
    drop_idle(idle);
}

void Hub::announce(std::vector<PageState> states) {
    if (states.empty()) return;
    std::lock_guard lock(listener_mutex_);
    if (listener_) listener_(std::move(states));
}

void Hub::drop_idle(const std::vector<std::string>& idle) {
    if (idle.empty()) return;
    std::lock_guard lock(mutex_);
    for (const auto& page : idle) {
        auto it = channels_.find(page);
        if (it == channels_.end()) continue;
        auto& ch = *it->second;
        std::lock_guard ch_lock(ch.mutex);
        if (!ch.unused()) continue;
        forgotten_through_ = std::max(forgotten_through_, ch.log.dropped_through());
        ch.dropped = true;
        channels_.erase(it);
    }
}

}  // namespace tribune::live
