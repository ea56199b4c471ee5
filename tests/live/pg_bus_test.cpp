#include "live/pg_bus.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "../store/pg_test_server.hpp"
#include "live/bus_messages.hpp"
#include "live/hub.hpp"
#include "store/open_store.hpp"

// Two PgBus instances on one database are two nodes. The server comes from TRIBUNE_TEST_PG_URL
// (scripts/pg.sh start); without it every test here fails, saying so. The store's migrations
// make the bus's table, as `tribune serve` opens the store before the bus.

using namespace tribune;
using namespace std::chrono_literals;
using store::testing::PgAdmin;
using store::testing::PgTestDatabase;

namespace {

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit = 5000ms) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return done();
}

class Recorder : public live::Subscriber {
public:
    void deliver(std::span<const live::Outgoing> frames, live::Delivery) override {
        std::lock_guard lock(mutex_);
        for (const auto& f : frames) frames_.emplace_back(std::string(f.frame->json()), f.event_id);
    }
    std::vector<std::pair<std::string, std::uint64_t>> frames() {
        std::lock_guard lock(mutex_);
        return frames_;
    }
    // (event id, comment id) of each comment event, in delivery order.
    std::vector<std::pair<std::uint64_t, std::string>> comments() {
        std::vector<std::pair<std::uint64_t, std::string>> out;
        for (const auto& [f, id] : frames()) {
            const auto at = f.find("\"id\":\"");
            if (f.find("comment.") == std::string::npos || at == std::string::npos) continue;
            out.emplace_back(id, f.substr(at + 6, f.find('"', at + 6) - at - 6));
        }
        return out;
    }
    bool has(const std::string& needle) {
        for (const auto& [f, id] : frames())
            if (f.find(needle) != std::string::npos) return true;
        return false;
    }
    bool wait_for(const std::string& needle, std::chrono::milliseconds limit = 5000ms) {
        return eventually([&] { return has(needle); }, limit);
    }
    void clear() {
        std::lock_guard lock(mutex_);
        frames_.clear();
    }

private:
    std::mutex mutex_;
    std::vector<std::pair<std::string, std::uint64_t>> frames_;
};

live::CommentEvent approved(domain::CommentId id) {
    live::CommentEvent e;
    e.comment.id = id;
    e.comment.page = "/p";
    e.comment.status = domain::CommentStatus::kApproved;
    e.comment.text = std::string(9000, 'x');  // events larger than a NOTIFY payload may be
    e.visible_tail = "\"type\":\"comment.created\",\"id\":\"" + std::to_string(id) + "\"}";
    return e;
}

// One node: a hub, its bus, and the pages its cache was told to drop.
struct Node {
    std::mutex mutex;
    std::vector<std::string> invalidated;  // by the bus's listener thread
    std::vector<std::string> changed;      // pages other nodes said changed ("" = everything)
    std::unique_ptr<live::Hub> hub;
    std::unique_ptr<live::PgBus> bus;  // declared last: stops first, before what it feeds

    std::size_t invalidations(const std::string& page) {
        std::lock_guard lock(mutex);
        return static_cast<std::size_t>(std::count(invalidated.begin(), invalidated.end(), page));
    }

    std::size_t changes(const std::string& page) {
        std::lock_guard lock(mutex);
        return static_cast<std::size_t>(std::count(changed.begin(), changed.end(), page));
    }
};

class PgBusTest : public ::testing::Test {
protected:
    static live::HubOptions hub_options() {
        live::HubOptions o;
        o.tick = 5ms;
        o.typing_throttle = 50ms;
        o.typing_expiry = 500ms;
        o.announce_every = 200ms;
        o.remote_expiry = 30s;  // lapsing is the hub tests' business; here nodes say goodbye
        return o;
    }

    live::PgBusOptions bus_options(const std::string& name) {
        live::PgBusOptions o;
        o.conninfo = db_.conninfo();
        o.node = name;
        o.poll_every = 200ms;
        o.retry_min = 20ms;
        o.retry_max = 200ms;
        o.connect_timeout = 2000ms;
        return o;
    }

    // The test database's URL (open_store takes URLs): the server's, with its database replaced.
    std::string db_url() const {
        const std::string server = store::testing::pg_test_server_url();
        const auto authority = server.find("://") + 3;
        const auto path = server.find('/', authority);
        const auto query = server.find('?', authority);
        return server.substr(0, std::min(path, query)) + "/" + db_.name() +
               (query == std::string::npos ? "" : server.substr(query));
    }

    // Opens the store once, which migrates the database.
    void migrate() {
        if (migrated_) return;
        auto store = store::open_store(db_url());
        if (!store) throw std::runtime_error("the store did not open: " + store.error().message);
        migrated_ = true;
    }

    std::unique_ptr<Node> start_node(const std::string& name) {
        migrate();
        auto node = std::make_unique<Node>();
        node->hub = std::make_unique<live::Hub>(hub_options());
        auto options = bus_options(name);
        Node* n = node.get();
        options.on_event = [n](const std::string& page) {
            std::lock_guard lock(n->mutex);
            n->invalidated.push_back(page);
        };
        options.on_page_changed = [n](const std::string& page) {
            std::lock_guard lock(n->mutex);
            n->changed.push_back(page);
        };
        auto bus = live::PgBus::start(*node->hub, std::move(options));
        if (!bus) throw std::runtime_error("PgBus::start failed: " + bus.error().message);
        node->bus = std::move(*bus);
        return node;
    }

    PgTestDatabase db_;
    bool migrated_ = false;
};

TEST_F(PgBusTest, EveryNodeAppliesEveryEventInOneOrderUnderTheSameIds) {
    auto a = start_node("a"), b = start_node("b");
    auto on_a = std::make_shared<Recorder>(), on_b = std::make_shared<Recorder>();
    a->hub->subscribe("/p", on_a, {}, std::nullopt);
    b->hub->subscribe("/p", on_b, {}, std::nullopt);
    constexpr int kEach = 25;
    std::thread from_a([&] {
        for (int i = 1; i <= kEach; ++i) a->bus->publish("/p", approved(i));
    });
    std::thread from_b([&] {
        for (int i = 1; i <= kEach; ++i) b->bus->publish("/p", approved(1000 + i));
    });
    from_a.join();
    from_b.join();
    ASSERT_TRUE(eventually([&] {
        return on_a->comments().size() == 2 * kEach && on_b->comments().size() == 2 * kEach;
    })) << "A has "
        << on_a->comments().size() << ", B has " << on_b->comments().size();
    const auto seen_a = on_a->comments(), seen_b = on_b->comments();
    EXPECT_EQ(seen_a, seen_b);
    std::set<std::string> distinct;
    for (std::size_t i = 0; i < seen_a.size(); ++i) {
        distinct.insert(seen_a[i].second);
        if (i > 0) {
            EXPECT_GE(seen_a[i].first, seen_a[i - 1].first + 2);  // two apart: id + 1 is the count's
        }
    }
    EXPECT_EQ(distinct.size(), 2u * kEach);
    // Each node's own events keep the order it published them in.
    std::vector<int> mine;
    for (const auto& [id, c] : seen_a)
        if (std::stoi(c) < 1000) mine.push_back(std::stoi(c));
    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
    EXPECT_EQ(a->bus->last_applied(), b->bus->last_applied());
    EXPECT_EQ(a->hub->last_event_id(), b->hub->last_event_id());
}

TEST_F(PgBusTest, EachNodeDropsTheCachedPageOfEveryEvent) {
    auto a = start_node("a"), b = start_node("b");
    a->bus->publish("/p", approved(1));
    EXPECT_TRUE(eventually([&] { return a->invalidations("/p") == 1 && b->invalidations("/p") == 1; }));
}

TEST_F(PgBusTest, PresenceSumsAndTypingCrossesNodes) {
    auto a = start_node("a"), b = start_node("b");
    auto on_a = std::make_shared<Recorder>(), on_b = std::make_shared<Recorder>();
    const auto id_a = a->hub->subscribe("/p", on_a, {}, std::nullopt);
    b->hub->subscribe("/p", on_b, {}, std::nullopt);
    EXPECT_TRUE(on_a->wait_for(R"("active":2)"));
    EXPECT_TRUE(on_b->wait_for(R"("active":2)"));
    EXPECT_EQ(b->hub->active_everywhere("/p"), 2);
    ASSERT_TRUE(a->hub->typing(id_a));
    EXPECT_TRUE(on_b->wait_for(R"("typing":true)"));
    EXPECT_TRUE(on_b->wait_for(R"("typing":false)"));  // the typist stopped
    EXPECT_FALSE(on_a->has(R"("typing":true)"));       // never one's own typing
    a->hub->unsubscribe(id_a);
    EXPECT_TRUE(on_b->wait_for(R"("active":1)"));
}

TEST_F(PgBusTest, ANodeThatStopsLeavesPresenceAtOnce) {
    auto a = start_node("a"), b = start_node("b");
    auto on_a = std::make_shared<Recorder>(), on_b = std::make_shared<Recorder>();
    a->hub->subscribe("/p", on_a, {}, std::nullopt);
    b->hub->subscribe("/p", on_b, {}, std::nullopt);
    ASSERT_TRUE(on_b->wait_for(R"("active":2)"));
    on_b->clear();
    a.reset();
    EXPECT_TRUE(on_b->wait_for(R"("active":1)", 2000ms));  // well before remote_expiry (30 s)
}

TEST_F(PgBusTest, ANodeStartedLaterResumesReadersFromTheKeptEvents) {
    auto a = start_node("a");
    auto on_a = std::make_shared<Recorder>();
    a->hub->subscribe("/p", on_a, {}, std::nullopt);
    for (int i = 1; i <= 3; ++i) a->bus->publish("/p", approved(i));
    ASSERT_TRUE(eventually([&] { return on_a->comments().size() == 3; }));
    const auto seen = on_a->comments();
    auto c = start_node("c");
    EXPECT_EQ(c->hub->last_event_id(), seen.back().first + 1);  // id + 1: the event's count slot
    auto resumed = std::make_shared<Recorder>();
    c->hub->subscribe("/p", resumed, {}, seen.front().first);
    EXPECT_FALSE(resumed->has("reset"));
    const auto replayed = resumed->comments();
    ASSERT_EQ(replayed.size(), 2u);
    EXPECT_EQ(replayed[0], seen[1]);
    EXPECT_EQ(replayed[1], seen[2]);
    auto too_old = std::make_shared<Recorder>();
    c->hub->subscribe("/p", too_old, {}, seen.front().first - 1000);
    EXPECT_TRUE(too_old->has(R"({"type":"reset"})"));
}

TEST_F(PgBusTest, AChangedPageReachesEveryOtherNodeOnce) {
    auto a = start_node("a"), b = start_node("b"), c = start_node("c");
    a->bus->page_changed("/articles/harbour");
    a->bus->page_changed("/articles/harbour");  // told twice before it went out: once
    a->bus->page_changed("/authors/liv");
    EXPECT_TRUE(eventually([&] {
        return b->changes("/articles/harbour") >= 1 && c->changes("/articles/harbour") >= 1 && b->changes("/authors/liv") == 1 &&
               c->changes("/authors/liv") == 1;
    }));
    std::this_thread::sleep_for(300ms);
    EXPECT_EQ(a->changes("/articles/harbour"), 0u) << "the node that changed it dropped its own already";
    EXPECT_LE(b->changes("/articles/harbour"), 2u);
    EXPECT_EQ(a->invalidations("/articles/harbour"), 0u) << "no live event: nothing for the hubs";
}

TEST_F(PgBusTest, TooManyChangedPagesAtOnceSayEverything) {
    auto options = bus_options("a");
    options.max_queued_pages = 3;
    migrate();
    live::Hub hub(hub_options());
    auto a = live::PgBus::start(hub, std::move(options));
    ASSERT_TRUE(a);
    auto b = start_node("b");
    for (int i = 0; i < 10; ++i) (*a)->page_changed("/p/" + std::to_string(i));
    EXPECT_TRUE(eventually([&] { return b->changes("") >= 1; })) << "a node that cannot list them says: everything";
}

TEST_F(PgBusTest, SurvivesTerminatedConnectionsAndCatchesUp) {
    auto a = start_node("a"), b = start_node("b");
    auto on_b = std::make_shared<Recorder>();
    b->hub->subscribe("/p", on_b, {}, std::nullopt);
    a->bus->publish("/p", approved(1));
    ASSERT_TRUE(eventually([&] { return on_b->comments().size() == 1; }));

    PgAdmin admin(db_.conninfo());
    ASSERT_GE(admin.terminate_other_backends(), 4);  // both nodes' publisher and listener
    a->bus->publish("/p", approved(2));
    EXPECT_TRUE(eventually([&] { return on_b->comments().size() == 2; }));
    EXPECT_TRUE(eventually([&] { return a->bus->listening() && b->bus->listening(); }));

    // Changed pages told while B's listener was away are lost with it: B dropped everything.
    EXPECT_TRUE(eventually([&] { return b->changes("") >= 1; }));

    // An event nobody announced (its NOTIFY lost with a connection) still arrives: the poll.
    admin.query("INSERT INTO live_events (page, payload) VALUES ('/p', '" + live::encode_event(approved(3)) +
                "')");
    EXPECT_TRUE(eventually([&] { return on_b->comments().size() == 3; }));
    EXPECT_EQ(on_b->comments().back().second, "3");
}

TEST_F(PgBusTest, PublishingNeverWaitsForAnUnreachableDatabaseAndCatchesUpAfter) {
    auto a = start_node("a"), b = start_node("b");
    auto on_b = std::make_shared<Recorder>();
    b->hub->subscribe("/p", on_b, {}, std::nullopt);
    PgAdmin server(store::testing::pg_conninfo_for(store::testing::pg_test_server_url(), "postgres"));
    server.query("ALTER DATABASE " + db_.name() + " WITH ALLOW_CONNECTIONS false");
    server.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db_.name() +
                 "'");
    ASSERT_TRUE(eventually([&] { return !b->bus->listening(); }));

    const auto started = std::chrono::steady_clock::now();
    for (int i = 1; i <= 10; ++i) a->bus->publish("/p", approved(i));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 100ms);
    std::this_thread::sleep_for(300ms);  // let the buses fail a few reconnects
    EXPECT_GT(a->bus->queued(), 0u);
    EXPECT_TRUE(on_b->comments().empty());

    server.query("ALTER DATABASE " + db_.name() + " WITH ALLOW_CONNECTIONS true");
    EXPECT_TRUE(eventually([&] { return on_b->comments().size() == 10; }));
    EXPECT_TRUE(eventually([&] { return a->bus->queued() == 0; }));
}

TEST(PgBus, StartFailsFastWithoutADatabase) {
    live::Hub hub;
    live::PgBusOptions o;
    o.conninfo = "postgresql://tribune@127.0.0.1:1/none";
    o.connect_timeout = 2000ms;
    const auto started = std::chrono::steady_clock::now();
    auto bus = live::PgBus::start(hub, o);
    ASSERT_FALSE(bus);
    EXPECT_EQ(bus.error().code, domain::ErrorCode::kUnavailable);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);
}

TEST_F(PgBusTest, ADeletedCommentsEarlierEventsLeaveTheTableAtOnce) {
    auto a = start_node("a"), b = start_node("b");
    auto on_b = std::make_shared<Recorder>();
    b->hub->subscribe("/p", on_b, {}, std::nullopt);
    a->bus->publish("/p", approved(7));
    a->bus->publish("/p", approved(8));
    ASSERT_TRUE(eventually([&] { return on_b->comments().size() == 2; }));

    live::CommentEvent gone;
    gone.comment.id = 7;
    gone.comment.page = "/p";
    gone.comment.status = domain::CommentStatus::kDeleted;
    gone.visible_tail = "\"type\":\"comment.deleted\",\"id\":\"7\"}";
    gone.removes_earlier = true;
    a->bus->publish("/p", gone);
    ASSERT_TRUE(on_b->wait_for("comment.deleted"));

    PgAdmin admin(db_.conninfo());
    // Only the deletion is left of comment 7; comment 8's event is untouched. Before, the
    // text stayed in the table until it aged out of the replay window.
    EXPECT_EQ(admin.query("SELECT count(*) FROM live_events WHERE comment_id = 7"), "1");
    EXPECT_EQ(admin.query("SELECT count(*) FROM live_events WHERE comment_id = 7 AND payload LIKE '%xxxxxxxx%'"), "0");
    EXPECT_EQ(admin.query("SELECT count(*) FROM live_events WHERE comment_id = 8"), "1");
}

TEST_F(PgBusTest, StartRefusesADatabaseTheStoreHasNotMigrated) {
    live::Hub hub(hub_options());
    auto bus = live::PgBus::start(hub, bus_options("a"));
    ASSERT_FALSE(bus);
    EXPECT_EQ(bus.error().code, domain::ErrorCode::kUnavailable);
    PgAdmin admin(db_.conninfo());
    EXPECT_EQ(admin.query("SELECT to_regclass('live_events') IS NULL"), "t");  // the bus made nothing
}

// Ids start at the wall clock in microseconds when the migration makes the table, so resume
// points from an earlier run (a single node's hub numbers from its start time) read as older.
TEST_F(PgBusTest, TheMigratedTableNumbersEventsFromTheWallClock) {
    const auto micros = [] {
        return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                              std::chrono::system_clock::now().time_since_epoch())
                                              .count());
    };
    const std::uint64_t before = micros();
    auto a = start_node("a");
    auto on_a = std::make_shared<Recorder>();
    a->hub->subscribe("/p", on_a, {}, std::nullopt);
    a->bus->publish("/p", approved(1));
    ASSERT_TRUE(eventually([&] { return on_a->comments().size() == 1; }));
    const std::uint64_t first = on_a->comments().front().first;
    EXPECT_GE(first, before);
    EXPECT_LE(first, micros());
}

// A database an older Tribune ran on has the table its bus made (without comment_id at first):
// the migration keeps it, its rows and its ids, and the bus carries on with them.
TEST_F(PgBusTest, TheMigrationKeepsATableAnOlderBusMade) {
    PgAdmin admin(db_.conninfo());
    admin.query(
        "CREATE TABLE live_events (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1000 INCREMENT BY 2)"
        " PRIMARY KEY, page text NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
    admin.query("INSERT INTO live_events (page, payload) VALUES ('/p', '" + live::encode_event(approved(1)) + "')");
    migrate();
    EXPECT_EQ(admin.query("SELECT string_agg(id || ':' || comment_id, ',') FROM live_events"), "1000:0");
    EXPECT_EQ(admin.query("SELECT count(*) FROM schema_migrations WHERE name = '0006_live_events'"), "1");

    auto a = start_node("a");
    auto resumed = std::make_shared<Recorder>();
    a->hub->subscribe("/p", resumed, {}, 999);  // saw nothing yet: the kept event comes back
    EXPECT_FALSE(resumed->has("reset"));
    ASSERT_EQ(resumed->comments(), (std::vector<std::pair<std::uint64_t, std::string>>{{1000, "1"}}));
    a->bus->publish("/p", approved(2));
    ASSERT_TRUE(eventually([&] { return resumed->comments().size() == 2; }));
    EXPECT_EQ(resumed->comments().back(), (std::pair<std::uint64_t, std::string>{1002, "2"}));
    EXPECT_EQ(admin.query("SELECT comment_id FROM live_events WHERE id = 1002"), "2");
}

}  // namespace
