#include "live/hub.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <mutex>
#include <thread>
#include <vector>

using namespace tribune;
using namespace std::chrono_literals;

namespace {

// Records frames; waits on a condition with a deadline, never a fixed sleep.
class HubRecorder : public live::Subscriber {
public:
    void deliver(std::span<const live::Outgoing> frames, live::Delivery) override {
        std::lock_guard lock(mutex_);
        std::vector<std::string> batch;
        for (const auto& f : frames) {
            frames_.emplace_back(f.frame->json());
            ids_.push_back(f.event_id);
            batch.emplace_back(f.frame->json());
        }
        batches_.push_back(std::move(batch));
    }
    /// Every deliver() call: the frames the hub handed over together.
    std::vector<std::vector<std::string>> batches() {
        std::lock_guard lock(mutex_);
        return batches_;
    }
    std::vector<std::string> frames() {
        std::lock_guard lock(mutex_);
        return frames_;
    }
    bool has(const std::string& needle) {
        for (const auto& f : frames())
            if (f.find(needle) != std::string::npos) return true;
        return false;
    }
    bool wait_for(const std::string& needle, std::chrono::milliseconds limit = 3000ms) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            if (has(needle)) return true;
            std::this_thread::sleep_for(5ms);
        }
        return false;
    }
    std::vector<std::uint64_t> ids() {
        std::lock_guard lock(mutex_);
        return ids_;
    }
    std::size_t count(const std::string& needle) {
        std::size_t n = 0;
        for (const auto& f : frames())
            if (f.find(needle) != std::string::npos) ++n;
        return n;
    }
    std::string last() {
        auto f = frames();
        return f.empty() ? "" : f.back();
    }
    void clear() {
        std::lock_guard lock(mutex_);
        frames_.clear();
        ids_.clear();
        batches_.clear();
    }

private:
    std::mutex mutex_;
    std::vector<std::string> frames_;
    std::vector<std::uint64_t> ids_;
    std::vector<std::vector<std::string>> batches_;
};

live::HubOptions fast_options() {
    live::HubOptions o;
    o.tick = 5ms;
    o.typing_throttle = 50ms;
    o.typing_expiry = 150ms;
    return o;
}

domain::Comment comment(domain::CommentId id, domain::CommentStatus status, std::string token_hash = "") {
    domain::Comment c;
    c.id = id;
    c.page = "/p";
    c.status = status;
    c.author_token_hash = std::move(token_hash);
    return c;
}

live::CommentEvent event(const domain::Comment& c, std::string type, std::string hidden = "") {
    live::CommentEvent e;
    e.comment = c;
    e.visible_tail = "\"type\":\"" + type + "\",\"id\":\"" + std::to_string(c.id) + "\"}";
    e.hidden_tail = std::move(hidden);
    return e;
}

domain::Viewer hub_reader(std::string token_hash = "") {
    domain::Viewer v;
    v.author_token_hash = std::move(token_hash);
    return v;
}

}  // namespace

TEST(Hub, GreetsWithHelloThenPresence) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    const auto frames = a->frames();
    ASSERT_GE(frames.size(), 2u);
    EXPECT_EQ(frames[0].rfind("{\"type\":\"hello\",\"connection\":\"c", 0), 0u);
    EXPECT_EQ(frames[1], R"({"type":"presence","active":1})");
}

TEST(Hub, PresenceCountsUpAndDownPerPage) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>(), b = std::make_shared<HubRecorder>(),
         other = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    const auto id_b = hub.subscribe("/p", b, hub_reader(), std::nullopt);
    hub.subscribe("/q", other, hub_reader(), std::nullopt);
    EXPECT_TRUE(a->wait_for(R"("active":2)"));
    EXPECT_EQ(hub.active("/p"), 2);
    EXPECT_EQ(hub.connections(), 3u);
    a->clear();
    hub.unsubscribe(id_b);
    EXPECT_TRUE(a->wait_for(R"("active":1)"));
    EXPECT_FALSE(other->has(R"("active":2)"));
}

TEST(Hub, ASubscriberThatIsGoneLeavesPresence) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    {
        auto b = std::make_shared<HubRecorder>();
        hub.subscribe("/p", b, hub_reader(), std::nullopt);
        EXPECT_TRUE(a->wait_for(R"("active":2)"));
    }
    a->clear();
    EXPECT_TRUE(a->wait_for(R"("active":1)"));
}

TEST(Hub, TypingReachesOthersNotTheTypistAndExpires) {
    live::Hub hub(fast_options());
    auto typist = std::make_shared<HubRecorder>(), other = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", typist, hub_reader(), std::nullopt);
    hub.subscribe("/p", other, hub_reader(), std::nullopt);
    ASSERT_TRUE(hub.typing(id));
    EXPECT_TRUE(other->wait_for(R"("typing":true)"));
    EXPECT_TRUE(other->wait_for(R"("typing":false)", 2000ms));
    EXPECT_FALSE(typist->has("typing"));
}

TEST(Hub, TypingSignalsAreThrottled) {
    auto options = fast_options();
    options.typing_throttle = 10s;
    options.typing_expiry = 100ms;
    live::Hub hub(options);
    auto typist = std::make_shared<HubRecorder>(), other = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", typist, hub_reader(), std::nullopt);
    hub.subscribe("/p", other, hub_reader(), std::nullopt);
    hub.typing(id);
    ASSERT_TRUE(other->wait_for(R"("typing":true)"));
    ASSERT_TRUE(other->wait_for(R"("typing":false)"));
    other->clear();
    hub.typing(id);  // inside the throttle window: dropped, so typing never shows again
    EXPECT_FALSE(other->wait_for(R"("typing":true)", 300ms));
}

TEST(Hub, SseTypingNeedsTheRightConnectionAndPage) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", a, hub_reader(), std::nullopt);
    EXPECT_TRUE(hub.typing("/p", hub.connection_name(id)));
    EXPECT_FALSE(hub.typing("/q", hub.connection_name(id)));
    EXPECT_FALSE(hub.typing("/p", "c999999"));
    EXPECT_FALSE(hub.typing("/p", "x1"));
    EXPECT_FALSE(hub.typing("/p", "c" + std::to_string(id)));                   // no tag: forged
    EXPECT_FALSE(hub.typing("/p", "c" + std::to_string(id) + "-0000000000000000"));
}

TEST(Hub, PendingCommentsReachOnlyTheirAuthorAndStaff) {
    live::Hub hub(fast_options());
    auto author = std::make_shared<HubRecorder>(), stranger = std::make_shared<HubRecorder>(),
         staff = std::make_shared<HubRecorder>();
    hub.subscribe("/p", author, hub_reader("mine"), std::nullopt);
    hub.subscribe("/p", stranger, hub_reader("theirs"), std::nullopt);
    domain::Viewer mod;
    mod.role = domain::Role::kModerator;
    hub.subscribe("/p", staff, mod, std::nullopt);
    hub.publish("/p", event(comment(7, domain::CommentStatus::kPending, "mine"), "comment.created"));
    EXPECT_TRUE(author->has("comment.created"));
    EXPECT_TRUE(staff->has("comment.created"));
    EXPECT_FALSE(stranger->has("comment.created"));
}

TEST(Hub, RejectedCommentsReachReadersAsDeletions) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    hub.publish("/p", event(comment(7, domain::CommentStatus::kRejected), "comment.updated",
                            "\"type\":\"comment.deleted\",\"id\":\"7\"}"));
    EXPECT_TRUE(a->has("comment.deleted"));
    EXPECT_FALSE(a->has("comment.updated"));
}

TEST(Hub, ReplaysMissedEventsAfterTheLastSeenId) {
    live::Hub hub(fast_options());
    auto first = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", first, hub_reader(), std::nullopt);
    hub.publish("/p", event(comment(1, domain::CommentStatus::kApproved), "comment.created"));
    const std::string seen = first->last();
    const auto at = seen.find("\"event_id\":") + 11;
    const std::uint64_t last_seen = std::stoull(seen.substr(at));
    hub.unsubscribe(id);
    hub.publish("/p", event(comment(2, domain::CommentStatus::kApproved), "comment.created"));
    hub.publish("/p", event(comment(3, domain::CommentStatus::kPending, "someone"), "comment.created"));
    auto back = std::make_shared<HubRecorder>();
    hub.subscribe("/p", back, hub_reader(), last_seen);
    EXPECT_FALSE(back->has(R"("id":"1")"));
    EXPECT_TRUE(back->has(R"("id":"2")"));
    EXPECT_FALSE(back->has(R"("id":"3")"));  // never someone else's pending comment
    EXPECT_FALSE(back->has("reset"));
}

TEST(Hub, TooOldAResumePointGetsAReset) {
    auto options = fast_options();
    options.max_log_per_page = 2;
    live::Hub hub(options);
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    for (int i = 1; i <= 5; ++i)
        hub.publish("/p", event(comment(i, domain::CommentStatus::kApproved), "comment.created"));
    auto late = std::make_shared<HubRecorder>();
    hub.subscribe("/p", late, hub_reader(), 1);  // from an earlier run: long gone
    EXPECT_TRUE(late->has(R"({"type":"reset"})"));
}

TEST(Hub, CountsAreSentWhenTheTotalChanges) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    auto e = event(comment(1, domain::CommentStatus::kApproved), "comment.updated");
    e.total = 25;
    hub.publish("/p", e);
    EXPECT_TRUE(a->has(R"("type":"count","total":25})"));
    // The event and its count are one delivery (one write on the wire), count last, next id. The
    // ticker may deliver presence after it, so the delivery is found by what it holds.
    const auto batches = a->batches();
    const auto found = std::find_if(batches.begin(), batches.end(), [](const auto& b) {
        return !b.empty() && b[0].find("comment.updated") != std::string::npos;
    });
    ASSERT_NE(found, batches.end());
    const auto batch = *found;
    ASSERT_EQ(batch.size(), 2u);
    EXPECT_NE(batch[0].find("comment.updated"), std::string::npos);
    EXPECT_NE(batch[1].find(R"("type":"count")"), std::string::npos);
    const auto ids = a->ids();
    EXPECT_EQ(ids[ids.size() - 1], ids[ids.size() - 2] + 1);
}

TEST(Hub, TheGreetingAndTheReplayAreOneDelivery) {
    live::Hub hub(fast_options());
    const auto before = hub.last_event_id();
    hub.publish("/p", event(comment(1, domain::CommentStatus::kApproved), "comment.created"));
    hub.publish("/p", event(comment(2, domain::CommentStatus::kApproved), "comment.created"));
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), before);
    const auto batches = a->batches();
    ASSERT_EQ(batches.size(), 1u);
    ASSERT_EQ(batches[0].size(), 4u);
    EXPECT_NE(batches[0][0].find("hello"), std::string::npos);
    EXPECT_NE(batches[0][1].find("presence"), std::string::npos);
    EXPECT_NE(batches[0][2].find(R"("id":"1")"), std::string::npos);
    EXPECT_NE(batches[0][3].find(R"("id":"2")"), std::string::npos);
}

TEST(Hub, EventsOlderThanTheReplayWindowAreForgotten) {
    auto options = fast_options();
    options.replay_window = std::chrono::seconds(1);
    live::Hub hub(options);
    const auto before = hub.last_event_id();
    hub.publish("/p", event(comment(1, domain::CommentStatus::kApproved), "comment.created"));
    auto soon = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", soon, hub_reader(), before);
    EXPECT_TRUE(soon->has(R"("id":"1")"));
    EXPECT_FALSE(soon->has("reset"));
    hub.unsubscribe(id);
    // Past the window (and a sweep), the same resume point can no longer be served without a gap.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    bool reset = false;
    while (!reset && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(50ms);
        auto late = std::make_shared<HubRecorder>();
        const auto late_id = hub.subscribe("/p", late, hub_reader(), before);
        reset = late->has(R"({"type":"reset"})");
        if (!reset) {
            EXPECT_TRUE(late->has(R"("id":"1")"));
        }
        hub.unsubscribe(late_id);
    }
    EXPECT_TRUE(reset);
}

TEST(Hub, AResumePointFromARenderedPageNeedsNoReset) {
    live::Hub hub(fast_options());
    auto elsewhere = std::make_shared<HubRecorder>();
    hub.subscribe("/other", elsewhere, hub_reader(), std::nullopt);
    const auto rendered_at = hub.last_event_id();  // the page was rendered here
    hub.publish("/other", event(comment(1, domain::CommentStatus::kApproved), "comment.created"));
    auto page = std::make_shared<HubRecorder>();  // first subscriber of /p: a fresh channel
    hub.subscribe("/p", page, hub_reader(), rendered_at);
    EXPECT_FALSE(page->has("reset"));
    EXPECT_FALSE(page->has("comment.created"));  // another page's event
}

// ---- scale-out: ids from a Bus, other nodes' presence and typing, the local state listener ----

namespace {

// Collects what the hub tells its local listener.
class StateLog {
public:
    live::Hub::LocalListener listener() {
        return [this](std::vector<live::PageState> states) {
            std::lock_guard lock(mutex_);
            for (auto& s : states) states_.push_back(std::move(s));
        };
    }
    bool wait_for(const std::string& page, std::int64_t active, bool typing,
                  std::chrono::milliseconds limit = 3000ms) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            {
                std::lock_guard lock(mutex_);
                for (const auto& s : states_)
                    if (s.page == page && s.active == active && s.typing == typing) return true;
            }
            std::this_thread::sleep_for(5ms);
        }
        return false;
    }
    void clear() {
        std::lock_guard lock(mutex_);
        states_.clear();
    }

private:
    std::mutex mutex_;
    std::vector<live::PageState> states_;
};

}  // namespace

TEST(Hub, AppliedEventsCarryTheIdsTheyCameWith) {
    live::Hub hub(fast_options());
    hub.start_at(1000);
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    auto e = event(comment(1, domain::CommentStatus::kApproved), "comment.created");
    e.total = 3;
    EXPECT_TRUE(hub.apply("/p", e, 1005));
    EXPECT_TRUE(a->has(R"({"event_id":1005,"type":"comment.created")"));
    EXPECT_TRUE(a->has(R"({"event_id":1006,"type":"count","total":3})"));  // the count takes id + 1
    EXPECT_EQ(hub.last_event_id(), 1006u);
    EXPECT_FALSE(
        hub.apply("/p", event(comment(2, domain::CommentStatus::kApproved), "comment.created"), 1006));
    EXPECT_FALSE(a->has(R"("id":"2")"));  // an id already handed out is a duplicate, dropped
    EXPECT_EQ(a->ids().back(), 1006u);
    EXPECT_TRUE(
        hub.apply("/p", event(comment(3, domain::CommentStatus::kApproved), "comment.created"), 1007));
    EXPECT_EQ(hub.last_event_id(), 1008u);  // id + 1 is reserved even without a count
}

TEST(Hub, AReaderResumesOnAnotherHubFedTheSameIds) {
    live::Hub node_a(fast_options()), node_b(fast_options());
    node_a.start_at(500);
    node_b.start_at(500);
    auto on_a = std::make_shared<HubRecorder>();
    const auto sub = node_a.subscribe("/p", on_a, hub_reader(), std::nullopt);
    for (std::uint64_t id = 501; id <= 505; id += 2) {
        const auto e = event(comment(static_cast<domain::CommentId>(id), domain::CommentStatus::kApproved),
                             "comment.created");
        node_a.apply("/p", e, id);
        node_b.apply("/p", e, id);
        if (id == 501) node_a.unsubscribe(sub);  // the reader saw 501, then its connection dropped
    }
    ASSERT_TRUE(on_a->has(R"("event_id":501)"));
    auto on_b = std::make_shared<HubRecorder>();
    node_b.subscribe("/p", on_b, hub_reader(), 501);
    EXPECT_FALSE(on_b->has("reset"));
    EXPECT_FALSE(on_b->has(R"("id":"501")"));
    EXPECT_TRUE(on_b->has(R"({"event_id":503,)"));
    EXPECT_TRUE(on_b->has(R"({"event_id":505,)"));
}

TEST(Hub, AResumePointBeforeTheStartOrALossGetsAReset) {
    live::Hub hub(fast_options());
    hub.start_at(500);
    hub.apply("/p", event(comment(1, domain::CommentStatus::kApproved), "comment.created"), 510);
    auto before_start = std::make_shared<HubRecorder>();
    hub.subscribe("/p", before_start, hub_reader(), 400);
    EXPECT_TRUE(before_start->has(R"({"type":"reset"})"));
    auto after_start = std::make_shared<HubRecorder>();
    hub.subscribe("/p", after_start, hub_reader(), 505);
    EXPECT_FALSE(after_start->has("reset"));
    EXPECT_TRUE(after_start->has(R"("event_id":510)"));

    hub.lost_through(520);  // the bus was away while events 511..520 were deleted
    hub.apply("/p", event(comment(2, domain::CommentStatus::kApproved), "comment.created"), 530);
    auto in_the_gap = std::make_shared<HubRecorder>();
    hub.subscribe("/p", in_the_gap, hub_reader(), 510);
    EXPECT_TRUE(in_the_gap->has(R"({"type":"reset"})"));
    auto new_page = std::make_shared<HubRecorder>();  // a channel made after the loss knows it too
    hub.subscribe("/q", new_page, hub_reader(), 515);
    EXPECT_TRUE(new_page->has(R"({"type":"reset"})"));
}

TEST(Hub, ReadersOnOtherNodesCountTowardPresenceUntilTheyLapse) {
    auto options = fast_options();
    options.remote_expiry = 300ms;
    live::Hub hub(options);
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    hub.set_remote("node-2", live::PageState{"/p", 3, false});
    hub.set_remote("node-3", live::PageState{"/p", 2, false});
    EXPECT_TRUE(a->wait_for(R"("active":6)"));
    EXPECT_EQ(hub.active("/p"), 1);
    EXPECT_EQ(hub.active_everywhere("/p"), 6);
    hub.set_remote("node-3", live::PageState{"/p", 0, false});
    EXPECT_TRUE(a->wait_for(R"("active":4)"));
    auto late = std::make_shared<HubRecorder>();
    hub.subscribe("/p", late, hub_reader(), std::nullopt);
    EXPECT_TRUE(late->has(R"({"type":"presence","active":5})"));  // greeted with everyone
    EXPECT_TRUE(a->wait_for(R"("active":2)", 2000ms));            // node-2 stopped announcing
}

TEST(Hub, ANodeThatLeavesDropsOut) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    hub.set_remote("node-2", live::PageState{"/p", 2, true});
    ASSERT_TRUE(a->wait_for(R"("active":3)"));
    ASSERT_TRUE(a->wait_for(R"("typing":true)"));
    hub.forget_node("node-2");
    EXPECT_TRUE(a->wait_for(R"("active":1)"));
    EXPECT_TRUE(a->wait_for(R"("typing":false)"));
}

TEST(Hub, TypingOnAnotherNodeShowsToEveryoneHereAndExpires) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>(), b = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    hub.set_remote("node-2", live::PageState{"/p", 1, true});
    EXPECT_TRUE(a->has(R"("typing":true)"));  // at once, not at the next tick
    hub.subscribe("/p", b, hub_reader(), std::nullopt);
    EXPECT_TRUE(b->has(R"("typing":true)"));
    EXPECT_TRUE(a->wait_for(R"("typing":false)", 2000ms));  // typing_expiry without a renewal
    EXPECT_TRUE(b->wait_for(R"("typing":false)", 2000ms));
    EXPECT_EQ(hub.active_everywhere("/p"), 3);  // presence outlives typing
}

TEST(Hub, RemoteTypingStopsWhenTheNodeSaysSo) {
    auto options = fast_options();
    options.typing_expiry = 10s;
    live::Hub hub(options);
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    hub.set_remote("node-2", live::PageState{"/p", 1, true});
    ASSERT_TRUE(a->has(R"("typing":true)"));
    hub.set_remote("node-2", live::PageState{"/p", 1, false});
    EXPECT_TRUE(a->has(R"("typing":false)"));
}

TEST(Hub, TheLocalListenerHearsPresenceAndTypingChanges) {
    auto options = fast_options();
    options.announce_every = 100ms;
    live::Hub hub(options);
    StateLog log;
    hub.set_local_listener(log.listener());
    auto a = std::make_shared<HubRecorder>(), b = std::make_shared<HubRecorder>();
    const auto id_a = hub.subscribe("/p", a, hub_reader(), std::nullopt);
    hub.subscribe("/p", b, hub_reader(), std::nullopt);
    EXPECT_TRUE(log.wait_for("/p", 2, false));
    hub.typing(id_a);
    EXPECT_TRUE(log.wait_for("/p", 2, true));
    EXPECT_TRUE(log.wait_for("/p", 2, false));  // the typist expired
    log.clear();
    EXPECT_TRUE(log.wait_for("/p", 2, false));  // re-announced while readers stay
    hub.set_remote("node-2", live::PageState{"/p", 7, false});
    hub.unsubscribe(id_a);
    EXPECT_TRUE(log.wait_for("/p", 1, false));  // only local readers: remote ones are not echoed
    hub.set_local_listener(nullptr);
}

TEST(Hub, RemoteStateAloneDoesNotAnnounceAnything) {
    live::Hub hub(fast_options());
    StateLog log;
    hub.set_local_listener(log.listener());
    hub.set_remote("node-2", live::PageState{"/p", 4, true});
    EXPECT_FALSE(log.wait_for("/p", 4, true, 200ms));
    EXPECT_FALSE(log.wait_for("/p", 0, false, 50ms));
    hub.set_local_listener(nullptr);
}

// ---- counts and deletions reach only readers they concern; replays keep id order ----

TEST(Hub, APendingCommentSendsNoCountToReadersWhoMayNotSeeIt) {
    live::Hub hub(fast_options());
    auto author = std::make_shared<HubRecorder>(), stranger = std::make_shared<HubRecorder>();
    hub.subscribe("/p", author, hub_reader("mine"), std::nullopt);
    hub.subscribe("/p", stranger, hub_reader("theirs"), std::nullopt);
    auto e = event(comment(7, domain::CommentStatus::kPending, "mine"), "comment.created");
    e.total = 0;
    hub.publish("/p", e);
    EXPECT_TRUE(author->has(R"("type":"count","total":0})"));
    for (auto id : stranger->ids()) EXPECT_EQ(id, 0u);  // presence and hello only, nothing resumable
}

TEST(Hub, OnlyAPublicCommentLeavesReadersScreensWhenRejected) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    hub.subscribe("/p", a, hub_reader(), std::nullopt);
    auto approved = event(comment(1, domain::CommentStatus::kApproved), "comment.updated");
    approved.total = 1;
    hub.publish("/p", approved);
    // Comment 2 was pending: rejecting it leaves the count alone, and readers never saw it.
    auto never_seen = event(comment(2, domain::CommentStatus::kRejected), "comment.updated",
                            "\"type\":\"comment.deleted\",\"id\":\"2\"}");
    never_seen.total = 1;
    hub.publish("/p", never_seen);
    EXPECT_FALSE(a->has(R"("id":"2")"));
    // Comment 1 was approved: the count drops and readers see it go.
    auto gone = event(comment(1, domain::CommentStatus::kRejected), "comment.updated",
                      "\"type\":\"comment.deleted\",\"id\":\"1\"}");
    gone.total = 0;
    hub.publish("/p", gone);
    EXPECT_TRUE(a->has(R"("type":"comment.deleted","id":"1")"));
    EXPECT_TRUE(a->has(R"("type":"count","total":0})"));
}

TEST(Hub, AReplayDeliversCountsInIdOrder) {
    live::Hub hub(fast_options());
    hub.start_at(100);
    auto first = event(comment(1, domain::CommentStatus::kApproved), "comment.created");
    first.total = 1;
    hub.apply("/p", first, 101);  // count 102
    hub.apply("/p", event(comment(1, domain::CommentStatus::kApproved), "comment.updated"), 103);
    auto back = std::make_shared<HubRecorder>();
    hub.subscribe("/p", back, hub_reader(), 100);
    const auto ids = back->ids();
    std::vector<std::uint64_t> resumable;
    for (auto id : ids)
        if (id) resumable.push_back(id);
    EXPECT_EQ(resumable, (std::vector<std::uint64_t>{101, 102, 103}));
}

TEST(Hub, AnAuthorWhoProvesTheirTokenLateCatchesUpOnTheirOwnPendingComments) {
    live::Hub hub(fast_options());
    const auto before = hub.last_event_id();
    hub.publish("/p", event(comment(1, domain::CommentStatus::kPending, "mine"), "comment.created"));
    hub.publish("/p", event(comment(2, domain::CommentStatus::kPending, "theirs"), "comment.created"));
    hub.publish("/p", event(comment(3, domain::CommentStatus::kApproved), "comment.created"));
    auto a = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", a, hub_reader(), before);  // resumed while still anonymous
    EXPECT_FALSE(a->has(R"("id":"1")"));
    EXPECT_TRUE(a->has(R"("id":"3")"));
    hub.publish("/p", event(comment(4, domain::CommentStatus::kPending, "mine"), "comment.created"));
    a->clear();
    hub.set_viewer(id, hub_reader("mine"));
    const auto batches = a->batches();
    ASSERT_EQ(batches.size(), 1u);  // one delivery: what it missed, in id order
    ASSERT_EQ(batches[0].size(), 2u);
    EXPECT_NE(batches[0][0].find(R"("id":"1")"), std::string::npos);
    EXPECT_NE(batches[0][1].find(R"("id":"4")"), std::string::npos);
    EXPECT_FALSE(a->has(R"("id":"2")"));  // someone else's
    EXPECT_FALSE(a->has(R"("id":"3")"));  // already seen
    a->clear();
    hub.set_viewer(id, hub_reader("mine"));  // nothing new to see
    EXPECT_TRUE(a->frames().empty());
}

TEST(Hub, SseAuthNamesTheConnectionOnItsPage) {
    live::Hub hub(fast_options());
    const auto before = hub.last_event_id();
    hub.publish("/p", event(comment(1, domain::CommentStatus::kPending, "mine"), "comment.created"));
    auto a = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", a, hub_reader(), before);
    auto elsewhere = std::make_shared<HubRecorder>();
    hub.subscribe("/q", elsewhere, hub_reader(), std::nullopt);
    using Auth = live::Hub::AuthResult;
    EXPECT_EQ(hub.set_author("/q", hub.connection_name(id), "mine"), Auth::kUnknownConnection);
    EXPECT_EQ(hub.set_author("/p", "c1-0000000000000000", "mine"), Auth::kUnknownConnection);
    EXPECT_FALSE(a->has(R"("id":"1")"));
    EXPECT_EQ(hub.set_author("/p", hub.connection_name(id), "mine"), Auth::kDone);
    EXPECT_TRUE(a->has(R"("id":"1")"));
}

TEST(Hub, AStreamProvesOneAuthorToken) {
    live::Hub hub(fast_options());
    const auto before = hub.last_event_id();
    hub.publish("/p", event(comment(1, domain::CommentStatus::kPending, "theirs"), "comment.created"));
    auto a = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", a, hub_reader(), before);
    using Auth = live::Hub::AuthResult;
    EXPECT_EQ(hub.authenticate(id, "mine"), Auth::kDone);
    EXPECT_EQ(hub.authenticate(id, "mine"), Auth::kDone);  // the same token again: no change
    EXPECT_EQ(hub.authenticate(id, "theirs"), Auth::kAlreadyDone);
    EXPECT_FALSE(a->has(R"("id":"1")"));  // still "mine": nothing of theirs was delivered
}

namespace {
// Inverse of x * c modulo 2^64 for odd c (Newton's iteration).
std::uint64_t mod_inverse(std::uint64_t c) {
    std::uint64_t inv = c;
    for (int i = 0; i < 6; ++i) inv *= 2 - c * inv;
    return inv;
}
std::uint64_t unshift(std::uint64_t x, int k) {
    for (int s = k; s < 64; s += k) x ^= x >> s;  // undoes x ^= x >> k
    return x;
}
}  // namespace

// Names were once "c<id>-<splitmix64(id ^ secret)>": one's own name gave the secret back, and
// with it every other reader's name. This replays that attack against today's names.
TEST(Hub, OneNameRevealsNoOther) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    auto b = std::make_shared<HubRecorder>();
    const auto mine = hub.subscribe("/p", a, hub_reader(), std::nullopt);
    const auto theirs = hub.subscribe("/p", b, hub_reader(), std::nullopt);
    const std::string name = hub.connection_name(mine);
    const auto dash = name.find('-');
    ASSERT_NE(dash, std::string::npos);
    EXPECT_GE(name.size() - dash - 1, 32u) << "at least 128 bits of tag";
    std::uint64_t x = std::stoull(name.substr(dash + 1, 16), nullptr, 16);
    x = unshift(x, 31) * mod_inverse(0x94d049bb133111ebull);
    x = unshift(x, 27) * mod_inverse(0xbf58476d1ce4e5b9ull);
    const std::uint64_t secret = unshift(x, 30) ^ mine;
    std::uint64_t y = theirs ^ secret;
    y = (y ^ (y >> 30)) * 0xbf58476d1ce4e5b9ull;
    y = (y ^ (y >> 27)) * 0x94d049bb133111ebull;
    y ^= y >> 31;
    char tag[17];
    std::snprintf(tag, sizeof tag, "%016llx", static_cast<unsigned long long>(y));
    const std::string forged = "c" + std::to_string(theirs) + "-" + tag;
    EXPECT_EQ(hub.set_author("/p", forged, "attacker"), live::Hub::AuthResult::kUnknownConnection);
    EXPECT_FALSE(hub.typing("/p", forged));
    EXPECT_EQ(hub.set_author("/p", hub.connection_name(theirs), "owner"), live::Hub::AuthResult::kDone);
}

TEST(Hub, CatchUpNeverUndoesALaterEventTheReaderAlreadyHas) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", a, hub_reader(), std::nullopt);
    hub.publish("/p", event(comment(1, domain::CommentStatus::kPending, "mine"), "comment.created"));
    hub.publish("/p", event(comment(1, domain::CommentStatus::kApproved, "mine"), "comment.updated"));
    EXPECT_TRUE(a->has("comment.updated"));  // the approval reached the anonymous reader
    a->clear();
    hub.set_viewer(id, hub_reader("mine"));
    EXPECT_TRUE(a->frames().empty()) << a->last();  // not the stale pending comment.created
}

TEST(Hub, SwitchingViewersBackAndForthDeliversNothingTwice) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<HubRecorder>();
    const auto id = hub.subscribe("/p", a, hub_reader(), std::nullopt);
    hub.publish("/p", event(comment(1, domain::CommentStatus::kPending, "one"), "comment.created"));
    hub.set_viewer(id, hub_reader("one"));
    EXPECT_EQ(a->count(R"("id":"1")"), 1u);
    hub.set_viewer(id, hub_reader("two"));
    hub.set_viewer(id, hub_reader("one"));
    EXPECT_EQ(a->count(R"("id":"1")"), 1u);
}

// Hardening: the replay log grew with posting rate x window. It is bounded in bytes; a client
// resuming from before what is kept gets a reset.
TEST(Hub, ReplayLogsAreBoundedInBytes) {
    auto options = fast_options();
    options.max_log_bytes = 64 * 1024;
    live::Hub hub(options);
    const auto start = hub.last_event_id();
    const std::string text(1000, 'w');
    for (int i = 1; i <= 1000; ++i) {
        auto c = comment(i, domain::CommentStatus::kApproved);
        c.text = text;
        hub.publish("/p", event(c, "comment.created"));
    }
    const auto deadline = std::chrono::steady_clock::now() + 2s;
    while (hub.log_bytes() > options.max_log_bytes && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    EXPECT_LE(hub.log_bytes(), options.max_log_bytes);
    EXPECT_GT(hub.log_bytes(), 0u);
    auto late = std::make_shared<HubRecorder>();
    hub.subscribe("/p", late, hub_reader(), start);
    EXPECT_TRUE(late->has(R"({"type":"reset"})"));
}
