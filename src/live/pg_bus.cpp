#include "live/pg_bus.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include "live/bus_messages.hpp"
#include "live/hub.hpp"
#include "live/pg_link.hpp"

namespace tribune::live {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr const char* kEventsChannel = "tribune_live";
constexpr const char* kStatesChannel = "tribune_presence";
constexpr const char* kPagesChannel = "tribune_pages";
// The advisory lock that orders event ids, the same key on every node.
constexpr const char* kOrderLock = "SELECT pg_advisory_xact_lock(7596503465812367201)";
// NOTIFY payloads must stay under 8000 bytes.
constexpr std::size_t kMaxStateBytes = 7800;
constexpr std::size_t kFetchRows = 500;
constexpr auto kCleanupEvery = std::chrono::seconds(60);
constexpr auto kStopDeadline = milliseconds(1000);

// The store's migrations make the table (store/postgres/migrations.cpp, 0006_live_events): ids
// start at the wall clock in microseconds and go two at a time (id + 1 is the event's count
// change, Hub::apply).
constexpr const char* kHasTable = "SELECT to_regclass('live_events') IS NOT NULL";
// Under the order lock no insert is in flight, so every id up to the answer is committed or gone.
constexpr const char* kStartPosition =
    "SELECT coalesce("
    " (SELECT min(id) - 1 FROM live_events WHERE created_at > now() - make_interval(secs => $1::float8)),"
    " (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value - 1 END FROM live_events_id_seq))";
constexpr const char* kFetch =
    "SELECT id, page, payload, (extract(epoch FROM now() - created_at) * 1000)::bigint"
    " FROM live_events WHERE id > $1::bigint ORDER BY id LIMIT 500";
constexpr const char* kOldest = "SELECT coalesce(min(id), 0) FROM live_events";
constexpr const char* kCleanup =
    "DELETE FROM live_events WHERE created_at < now() - make_interval(secs => $1::float8)"
    " AND id < (SELECT max(id) FROM live_events)";
constexpr const char* kNotify = "SELECT pg_notify($1, $2)";

std::string random_node() {
    std::random_device rd;
    const std::uint64_t v = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

std::uint64_t to_u64(const std::string& s) {
    std::uint64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::int64_t to_i64(const std::string& s) {
    std::int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

// An erased or deleted comment's text leaves the table at once, not when it would have aged
// out: only the event saying it is gone (inserted with it) stays.
constexpr const char* kRemoveEarlier =
    "DELETE FROM live_events WHERE page = $1 AND comment_id = $2::bigint AND id < $3::bigint";

}  // namespace

struct PgBus::State {
    // An event waiting for the publisher (a member type: a type of the anonymous namespace may
    // not be a member's type, once the file is compiled in a unity batch).
    struct Queued {
        std::uint64_t seq;
        std::string page;
        std::string payload;
        std::int64_t comment_id = 0;
        bool removes_earlier = false;  // the comment's words are gone: so are its earlier rows
    };

    State(Hub& h, PgBusOptions o) : hub(h), options(std::move(o)) {}
    ~State() {
        if (wake_fd >= 0) ::close(wake_fd);
    }

    Hub& hub;
    PgBusOptions options;
    int wake_fd = -1;  // written once, when stopping: ends every wait of both threads
    std::atomic<bool> stopping{false};

    // Publisher side, guarded by mutex.
    mutable std::mutex mutex;
    std::condition_variable wake;
    std::deque<Queued> events;
    std::uint64_t next_seq = 1;
    std::size_t dropped = 0;                  // events dropped since the queue last drained
    std::map<std::string, PageState> states;  // the latest unsent state per page
    std::set<std::string> changed_pages;      // pages changed here, not told yet
    bool everything_changed = false;          // changed_pages overflowed: tell "everything"
    std::unique_ptr<PgLink> publisher_link;   // publisher thread only, once started
    int refusals = 0;                         // publisher thread only: batches the server refused in a row

    // Listener side: listener thread only, once started.
    std::unique_ptr<PgLink> listener_link;
    std::atomic<std::uint64_t> last_applied{0};
    std::atomic<bool> listening{false};

    std::thread publisher;
    std::thread listener;

    Clock::time_point statement_deadline() const { return Clock::now() + options.statement_timeout; }

    std::unique_ptr<PgLink> connect(const char* role) {
        std::string error;
        auto link = PgLink::connect(options.conninfo, Clock::now() + options.connect_timeout, wake_fd, error);
        if (!link && !stopping) spdlog::debug("live_bus_connect_failed role={} reason=\"{}\"", role, error);
        return link;
    }

    // Waits `backoff` unless stopping; returns the next backoff.
    milliseconds pause(milliseconds backoff) {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, backoff, [this] { return stopping.load(); });
        return std::min(backoff * 2, options.retry_max);
    }

    // Runs `body` in a transaction under the order lock; every statement ends by `deadline`. On
    // failure the transaction is rolled back, or the link broken.
    bool in_order(PgLink& link, Clock::time_point deadline, const std::function<bool()>& body) {
        if (!link.query("BEGIN", {}, deadline)) return false;
        if (link.query(kOrderLock, {}, deadline) && body() && link.query("COMMIT", {}, deadline)) return true;
        if (!link.broken()) (void)link.query("ROLLBACK", {}, deadline);
        return false;
    }

    bool setup_publisher(PgLink& link) {
        // A node that dies inside a transaction must not hold the order lock for long.
        return link
            .query(
                "SELECT set_config('idle_in_transaction_session_timeout', '10s', false),"
                " set_config('lock_timeout', $1, false), set_config('statement_timeout', $1, false)",
                {std::to_string(options.statement_timeout.count()) + "ms"}, statement_deadline())
            .has_value();
    }

    bool setup_listener(PgLink& link) {
        return link.query(std::string("LISTEN ") + kEventsChannel, {}, statement_deadline()) &&
               link.query(std::string("LISTEN ") + kStatesChannel, {}, statement_deadline()) &&
               link.query(std::string("LISTEN ") + kPagesChannel, {}, statement_deadline());
    }

    bool insert(PgLink& link, const std::vector<Queued>& batch, Clock::time_point deadline) {
        return in_order(link, deadline, [&] {
            std::string sql = "INSERT INTO live_events (page, payload, comment_id) VALUES ";
            std::vector<std::string> params;
            params.reserve(batch.size() * 3);
            for (const auto& q : batch) {
                if (!params.empty()) sql += ',';
                const auto n = params.size();
                sql += "($" + std::to_string(n + 1) + ",$" + std::to_string(n + 2) + ",$" + std::to_string(n + 3) +
                       "::bigint)";
                params.push_back(q.page);
                params.push_back(q.payload);
                params.push_back(std::to_string(q.comment_id));
            }
            sql += " RETURNING id";
            auto ids = link.query(sql, params, deadline);
            if (!ids || ids->size() != batch.size()) return false;
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (!batch[i].removes_earlier) continue;
                if (!link.query(kRemoveEarlier, {batch[i].page, std::to_string(batch[i].comment_id), ids->at(i).at(0)},
                                deadline))
                    return false;
            }
            // Delivered at commit; the payload is only a hint (listeners fetch above what they applied).
            return link.query(kNotify, {kEventsChannel, ids->back().at(0)}, deadline).has_value();
        });
    }

    bool send_states(PgLink& link, const NodeStates& states, Clock::time_point deadline) {
        for (const auto& payload : encode_states(states, kMaxStateBytes))
            if (!link.query(kNotify, {kStatesChannel, payload}, deadline)) return false;
        return true;
    }

    bool send_page_changes(PgLink& link, const PageChanges& changes, Clock::time_point deadline) {
        for (const auto& payload : encode_page_changes(changes, kMaxStateBytes))
            if (!link.query(kNotify, {kPagesChannel, payload}, deadline)) return false;
        return true;
    }

    void run_publisher();
    bool publish_pending(PgLink& link, Clock::time_point& next_cleanup);
    void run_listener();
    void fetch(PgLink& link);
    void heard(const Notification& n, bool& fetch_now);
};

void PgBus::State::run_publisher() {
    auto backoff = options.retry_min;
    bool lost = false;
    auto next_cleanup = Clock::now() + std::chrono::seconds(5);
    while (!stopping) {
        {
            std::unique_lock lock(mutex);
            wake.wait_until(lock, next_cleanup,
                            [this] {
                                return stopping || !events.empty() || !states.empty() || !changed_pages.empty() ||
                                       everything_changed;
                            });
        }
        if (stopping) break;
        if (!publisher_link || publisher_link->broken()) {
            if (publisher_link && !lost) {
                spdlog::warn("live_bus_publisher_lost reason=\"{}\"", publisher_link->error());
                lost = true;
            }
            publisher_link = connect("publisher");
            if (publisher_link && !setup_publisher(*publisher_link)) publisher_link.reset();
            if (!publisher_link) {
                lost = true;
                backoff = pause(backoff);
                continue;
            }
            if (lost) spdlog::info("live_bus_publisher_recovered");
            lost = false;
            backoff = options.retry_min;
        }
        // A failure without a lost connection (a lock or statement timeout) waits too, not to spin.
        if (publish_pending(*publisher_link, next_cleanup))
            backoff = options.retry_min;
        else if (!publisher_link->broken())
            backoff = pause(backoff);
    }
    // Leaving: what is queued and a goodbye, if the database answers at once.
    if (!publisher_link || publisher_link->broken()) return;
    const auto deadline = Clock::now() + kStopDeadline;
    std::vector<Queued> rest;
    {
        std::lock_guard lock(mutex);
        rest.assign(events.begin(), events.end());
    }
    for (std::size_t at = 0; at < rest.size(); at += options.max_batch) {
        const auto end = std::min(rest.size(), at + options.max_batch);
        const std::vector<Queued> batch(rest.begin() + static_cast<std::ptrdiff_t>(at),
                                        rest.begin() + static_cast<std::ptrdiff_t>(end));
        if (insert(*publisher_link, batch, deadline)) continue;
        spdlog::warn("live_bus_events_unsent count={} reason=\"{}\"", rest.size() - at,
                     publisher_link->error());
        break;
    }
    PageChanges changes{options.node, false, {}};
    {
        std::lock_guard lock(mutex);
        changes.everything = everything_changed;
        changes.pages.assign(changed_pages.begin(), changed_pages.end());
    }
    if ((changes.everything || !changes.pages.empty()) && !publisher_link->broken())
        (void)send_page_changes(*publisher_link, changes, deadline);
    NodeStates bye{options.node, true, {}};
    if (!publisher_link->broken()) (void)send_states(*publisher_link, bye, deadline);
}

bool PgBus::State::publish_pending(PgLink& link, Clock::time_point& next_cleanup) {
    bool ok = true;
    std::vector<Queued> batch;
    std::vector<PageState> pages;
    PageChanges changes{options.node, false, {}};
    {
        std::lock_guard lock(mutex);
        for (const auto& q : events) {
            if (batch.size() >= options.max_batch) break;
            batch.push_back(q);
        }
        for (auto& [page, s] : states) pages.push_back(std::move(s));
        states.clear();
        changes.everything = everything_changed;
        if (!everything_changed) changes.pages.assign(changed_pages.begin(), changed_pages.end());
        changed_pages.clear();
        everything_changed = false;
    }
    // Changed pages first: each is already committed, and the sooner the other nodes drop them
    // the shorter they show the old page.
    if (changes.everything || !changes.pages.empty()) {
        if (link.broken() || !send_page_changes(link, changes, statement_deadline())) {
            ok = false;
            std::lock_guard lock(mutex);
            everything_changed = everything_changed || changes.everything;
            changed_pages.insert(changes.pages.begin(), changes.pages.end());
        }
    }
    if (!batch.empty()) {
        const bool sent = insert(link, batch, statement_deadline());
        if (!sent)
            spdlog::warn("live_bus_publish_failed events={} reason=\"{}\"", batch.size(), link.error());
        // A batch the server keeps refusing on a sound connection would block every later event.
        refusals = sent || link.broken() ? 0 : refusals + 1;
        if (refusals >= 3) spdlog::error("live_bus_events_discarded count={} after 3 refusals", batch.size());
        ok = sent;
        if (sent || refusals >= 3) {
            refusals = 0;
            std::lock_guard lock(mutex);
            // The queue may have lost its oldest meanwhile (full): pop by sequence, not by count.
            while (!events.empty() && events.front().seq <= batch.back().seq) events.pop_front();
            if (events.empty() && dropped > 0) {
                spdlog::warn("live_bus_events_dropped count={} (queue full while the database was away)",
                             dropped);
                dropped = 0;
            }
        }
    }
    if (!pages.empty()) {
        NodeStates mine{options.node, false, pages};
        if (link.broken() || !send_states(link, mine, statement_deadline())) {
            ok = false;
            // Keep them unless a newer state of the page came meanwhile.
            std::lock_guard lock(mutex);
            for (auto& s : pages) states.try_emplace(s.page, std::move(s));
        }
    }
    if (Clock::now() >= next_cleanup && !link.broken()) {
        next_cleanup = Clock::now() + kCleanupEvery;
        // Kept a minute past the hubs' window so a node starting now still loads a full window;
        // the newest row stays so the id sequence's position is never in doubt.
        const auto keep_s =
            std::chrono::duration_cast<std::chrono::seconds>(options.replay_window).count() + 60;
        if (!link.query(kCleanup, {std::to_string(keep_s)}, statement_deadline()))
            spdlog::warn("live_bus_cleanup_failed reason=\"{}\"", link.error());
    }
    return ok;
}

void PgBus::State::run_listener() {
    auto backoff = options.retry_min;
    auto next_poll = Clock::now() + options.poll_every;
    bool fetch_now = false;
    while (!stopping) {
        auto& link = listener_link;
        if (!link) {
            link = connect("listener");
            if (link && !setup_listener(*link)) link.reset();
            if (!link) {
                backoff = pause(backoff);
                continue;
            }
            backoff = options.retry_min;
            // Events deleted while we were away (an outage past the table's window) are gone:
            // resume points before them get a reset rather than a silent gap.
            if (auto oldest = link->query(kOldest, {}, statement_deadline()); oldest && !oldest->empty()) {
                const std::uint64_t first = to_u64(oldest->front().at(0));
                if (first > last_applied.load() + 2) hub.lost_through(first - 1);
            }
            listening = true;
            // Changed pages told while we were away are lost (notifications are not kept).
            if (options.on_page_changed) options.on_page_changed(std::string());
            spdlog::info("live_bus_listener_recovered last_applied={}", last_applied.load());
            fetch_now = true;  // catch up on what was missed
        }
        if (!fetch_now && !link->wait_input(next_poll)) {
            if (stopping) break;
        }
        std::vector<Notification> heard_now;
        link->take_notifications(heard_now);
        for (const auto& n : heard_now) heard(n, fetch_now);
        if (Clock::now() >= next_poll) {
            fetch_now = true;  // the safety net: a notification can be lost with a connection
            next_poll = Clock::now() + options.poll_every;
        }
        if (fetch_now && !link->broken()) {
            fetch(*link);
            fetch_now = false;
        }
        if (link->broken()) {
            if (stopping) break;
            spdlog::warn("live_bus_listener_lost reason=\"{}\" last_applied={}", link->error(),
                         last_applied.load());
            listening = false;
            link.reset();
            fetch_now = false;
        }
    }
    listening = false;
}

void PgBus::State::heard(const Notification& n, bool& fetch_now) {
    if (n.channel == kEventsChannel) {
        fetch_now = true;
        return;
    }
    if (n.channel == kPagesChannel) {
        auto changes = decode_page_changes(n.payload);
        if (!changes || changes->node == options.node || !options.on_page_changed) return;
        if (changes->everything) options.on_page_changed(std::string());
        for (const auto& page : changes->pages) options.on_page_changed(page);
        return;
    }
    if (n.channel != kStatesChannel) return;
    auto states = decode_states(n.payload);
    if (!states || states->node == options.node) return;
    if (states->leaving) {
        hub.forget_node(states->node);
        return;
    }
    for (const auto& s : states->states) hub.set_remote(states->node, s);
}

void PgBus::State::fetch(PgLink& link) {
    for (;;) {
        auto rows = link.query(kFetch, {std::to_string(last_applied.load())}, statement_deadline());
        if (!rows) {
            if (!link.broken()) spdlog::warn("live_bus_fetch_failed reason=\"{}\"", link.error());
            return;
        }
        for (const auto& row : *rows) {
            const std::uint64_t id = to_u64(row.at(0));
            const std::string& page = row.at(1);
            auto event = decode_event(row.at(2));
            if (!event) {
                spdlog::warn("live_bus_event_unreadable id={}", id);
            } else {
                if (options.on_event) options.on_event(page);
                hub.apply(page, *event, id, milliseconds(std::max<std::int64_t>(0, to_i64(row.at(3)))));
            }
            last_applied = id;
        }
        if (rows->size() < kFetchRows) return;
    }
}

domain::Result<std::unique_ptr<PgBus>> PgBus::start(Hub& hub, PgBusOptions options) {
    auto unavailable = [](const std::string& why) -> domain::Result<std::unique_ptr<PgBus>> {
        spdlog::error("live_bus_start_failed reason=\"{}\"", why);
        return domain::make_error(domain::ErrorCode::kUnavailable, "Live bus unavailable",
                                  "The PostgreSQL live bus cannot be set up.");
    };
    if (options.node.empty()) options.node = random_node();
    auto state = std::make_unique<State>(hub, std::move(options));
    state->wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (state->wake_fd < 0) return unavailable("eventfd failed");

    std::string error;
    const auto deadline = Clock::now() + state->options.connect_timeout;
    auto publisher = PgLink::connect(state->options.conninfo, deadline, state->wake_fd, error);
    if (!publisher) return unavailable(error);
    auto listener = PgLink::connect(state->options.conninfo, deadline, state->wake_fd, error);
    if (!listener) return unavailable(error);
    if (!state->setup_publisher(*publisher)) return unavailable(publisher->error());

    auto table = publisher->query(kHasTable, {}, state->statement_deadline());
    if (!table || table->empty()) return unavailable(publisher->error());
    if (table->front().at(0) != "t")
        return unavailable("the live_events table is missing: the store's migrations make it (open the store first)");

    // LISTEN before reading the position: whatever commits after it is heard or fetched.
    if (!state->setup_listener(*listener)) return unavailable(listener->error());
    std::uint64_t position = 0;
    const auto window_s = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(state->options.replay_window).count());
    const bool positioned = state->in_order(*publisher, state->statement_deadline(), [&] {
        auto r = publisher->query(kStartPosition, {window_s}, state->statement_deadline());
        if (!r || r->empty()) return false;
        position = to_u64(r->front().at(0));
        return true;
    });
    if (!positioned) return unavailable(publisher->error());
    hub.start_at(position);
    state->last_applied = position;
    state->fetch(*listener);  // the events still kept, so readers resume here at once
    if (listener->broken()) return unavailable(listener->error());
    state->listening = true;
    state->publisher_link = std::move(publisher);
    state->listener_link = std::move(listener);

    State* s = state.get();
    hub.set_local_listener([s](std::vector<PageState> changed) {
        {
            std::lock_guard lock(s->mutex);
            for (auto& p : changed) s->states[p.page] = std::move(p);
        }
        s->wake.notify_one();
    });
    s->publisher = std::thread([s] { s->run_publisher(); });
    s->listener = std::thread([s] { s->run_listener(); });
    spdlog::info("live_bus_started node={} position={} last_applied={}", s->options.node, position,
                 s->last_applied.load());
    return std::unique_ptr<PgBus>(new PgBus(std::move(state)));
}

PgBus::PgBus(std::unique_ptr<State> state) : state_(std::move(state)) {}

PgBus::~PgBus() {
    state_->hub.set_local_listener(nullptr);
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
    }
    state_->wake.notify_all();
    state_->publisher.join();  // its waits are bounded: statement_timeout, then kStopDeadline
    const std::uint64_t one = 1;
    (void)!::write(state_->wake_fd, &one, sizeof one);
    state_->listener.join();
}

void PgBus::publish(const std::string& page, CommentEvent event) {
    std::string payload = encode_event(event);
    const auto comment_id = static_cast<std::int64_t>(event.comment.id);
    const bool removes_earlier = event.removes_earlier;
    {
        std::lock_guard lock(state_->mutex);
        if (state_->events.size() >= state_->options.max_queued_events) {
            if (state_->dropped++ == 0)
                spdlog::warn("live_bus_queue_full max={}: dropping the oldest events",
                             state_->options.max_queued_events);
            state_->events.pop_front();
        }
        state_->events.push_back(State::Queued{state_->next_seq++, page, std::move(payload), comment_id, removes_earlier});
    }
    state_->wake.notify_one();
}

void PgBus::page_changed(const std::string& page) {
    {
        std::lock_guard lock(state_->mutex);
        if (state_->everything_changed) return;
        if (state_->changed_pages.size() >= state_->options.max_queued_pages) {
            state_->changed_pages.clear();
            state_->everything_changed = true;
        } else {
            state_->changed_pages.insert(page);
        }
    }
    state_->wake.notify_one();
}

const std::string& PgBus::node() const { return state_->options.node; }

std::uint64_t PgBus::last_applied() const { return state_->last_applied.load(); }

bool PgBus::listening() const { return state_->listening.load(); }

std::size_t PgBus::queued() const {
    std::lock_guard lock(state_->mutex);
    return state_->events.size();
}

}  // namespace tribune::live
