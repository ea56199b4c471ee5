#include "live/hub.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

using namespace tribune;
using namespace std::chrono_literals;

namespace {

// Records frames; waits on a condition with a deadline, never a fixed sleep.
class Recorder : public live::Subscriber {
public:
    void deliver(std::shared_ptr<const std::string> frame, std::uint64_t event_id) override {
        std::lock_guard lock(mutex_);
        frames_.push_back(*frame);
        ids_.push_back(event_id);
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
    std::string last() {
        auto f = frames();
        return f.empty() ? "" : f.back();
    }
    void clear() {
        std::lock_guard lock(mutex_);
        frames_.clear();
        ids_.clear();
    }

private:
    std::mutex mutex_;
    std::vector<std::string> frames_;
    std::vector<std::uint64_t> ids_;
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

domain::Viewer reader(std::string token_hash = "") {
    domain::Viewer v;
    v.author_token_hash = std::move(token_hash);
    return v;
}

}  // namespace

TEST(Hub, GreetsWithHelloThenPresence) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<Recorder>();
    hub.subscribe("/p", a, reader(), std::nullopt);
    const auto frames = a->frames();
    ASSERT_GE(frames.size(), 2u);
    EXPECT_EQ(frames[0].rfind("{\"type\":\"hello\",\"connection\":\"c", 0), 0u);
    EXPECT_EQ(frames[1], R"({"type":"presence","active":1})");
}

TEST(Hub, PresenceCountsUpAndDownPerPage) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>(), other = std::make_shared<Recorder>();
    hub.subscribe("/p", a, reader(), std::nullopt);
    const auto id_b = hub.subscribe("/p", b, reader(), std::nullopt);
    hub.subscribe("/q", other, reader(), std::nullopt);
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
    auto a = std::make_shared<Recorder>();
    hub.subscribe("/p", a, reader(), std::nullopt);
    {
        auto b = std::make_shared<Recorder>();
        hub.subscribe("/p", b, reader(), std::nullopt);
        EXPECT_TRUE(a->wait_for(R"("active":2)"));
    }
    a->clear();
    EXPECT_TRUE(a->wait_for(R"("active":1)"));
}

TEST(Hub, TypingReachesOthersNotTheTypistAndExpires) {
    live::Hub hub(fast_options());
    auto typist = std::make_shared<Recorder>(), other = std::make_shared<Recorder>();
    const auto id = hub.subscribe("/p", typist, reader(), std::nullopt);
    hub.subscribe("/p", other, reader(), std::nullopt);
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
    auto typist = std::make_shared<Recorder>(), other = std::make_shared<Recorder>();
    const auto id = hub.subscribe("/p", typist, reader(), std::nullopt);
    hub.subscribe("/p", other, reader(), std::nullopt);
    hub.typing(id);
    ASSERT_TRUE(other->wait_for(R"("typing":true)"));
    ASSERT_TRUE(other->wait_for(R"("typing":false)"));
    other->clear();
    hub.typing(id);  // inside the throttle window: dropped, so typing never shows again
    EXPECT_FALSE(other->wait_for(R"("typing":true)", 300ms));
}

TEST(Hub, SseTypingNeedsTheRightConnectionAndPage) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<Recorder>();
    const auto id = hub.subscribe("/p", a, reader(), std::nullopt);
    EXPECT_TRUE(hub.typing("/p", live::Hub::connection_name(id)));
    EXPECT_FALSE(hub.typing("/q", live::Hub::connection_name(id)));
    EXPECT_FALSE(hub.typing("/p", "c999999"));
    EXPECT_FALSE(hub.typing("/p", "x1"));
}

TEST(Hub, PendingCommentsReachOnlyTheirAuthorAndStaff) {
    live::Hub hub(fast_options());
    auto author = std::make_shared<Recorder>(), stranger = std::make_shared<Recorder>(),
         staff = std::make_shared<Recorder>();
    hub.subscribe("/p", author, reader("mine"), std::nullopt);
    hub.subscribe("/p", stranger, reader("theirs"), std::nullopt);
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
    auto a = std::make_shared<Recorder>();
    hub.subscribe("/p", a, reader(), std::nullopt);
    hub.publish("/p", event(comment(7, domain::CommentStatus::kRejected), "comment.updated",
                            "\"type\":\"comment.deleted\",\"id\":\"7\"}"));
    EXPECT_TRUE(a->has("comment.deleted"));
    EXPECT_FALSE(a->has("comment.updated"));
}

TEST(Hub, ReplaysMissedEventsAfterTheLastSeenId) {
    live::Hub hub(fast_options());
    auto first = std::make_shared<Recorder>();
    const auto id = hub.subscribe("/p", first, reader(), std::nullopt);
    hub.publish("/p", event(comment(1, domain::CommentStatus::kApproved), "comment.created"));
    const std::string seen = first->last();
    const auto at = seen.find("\"event_id\":") + 11;
    const std::uint64_t last_seen = std::stoull(seen.substr(at));
    hub.unsubscribe(id);
    hub.publish("/p", event(comment(2, domain::CommentStatus::kApproved), "comment.created"));
    hub.publish("/p", event(comment(3, domain::CommentStatus::kPending, "someone"), "comment.created"));
    auto back = std::make_shared<Recorder>();
    hub.subscribe("/p", back, reader(), last_seen);
    EXPECT_FALSE(back->has(R"("id":"1")"));
    EXPECT_TRUE(back->has(R"("id":"2")"));
    EXPECT_FALSE(back->has(R"("id":"3")"));  // never someone else's pending comment
    EXPECT_FALSE(back->has("reset"));
}

TEST(Hub, TooOldAResumePointGetsAReset) {
    auto options = fast_options();
    options.max_log_per_page = 2;
    live::Hub hub(options);
    auto a = std::make_shared<Recorder>();
    hub.subscribe("/p", a, reader(), std::nullopt);
    for (int i = 1; i <= 5; ++i) hub.publish("/p", event(comment(i, domain::CommentStatus::kApproved), "comment.created"));
    auto late = std::make_shared<Recorder>();
    hub.subscribe("/p", late, reader(), 1);  // from an earlier run: long gone
    EXPECT_TRUE(late->has(R"({"type":"reset"})"));
}

TEST(Hub, CountsAreSentWhenTheTotalChanges) {
    live::Hub hub(fast_options());
    auto a = std::make_shared<Recorder>();
    hub.subscribe("/p", a, reader(), std::nullopt);
    auto e = event(comment(1, domain::CommentStatus::kApproved), "comment.updated");
    e.total = 25;
    hub.publish("/p", e);
    EXPECT_TRUE(a->has(R"("type":"count","total":25})"));
}

TEST(Hub, AResumePointFromARenderedPageNeedsNoReset) {
    live::Hub hub(fast_options());
    auto elsewhere = std::make_shared<Recorder>();
    hub.subscribe("/other", elsewhere, reader(), std::nullopt);
    const auto rendered_at = hub.last_event_id();  // the page was rendered here
    hub.publish("/other", event(comment(1, domain::CommentStatus::kApproved), "comment.created"));
    auto page = std::make_shared<Recorder>();  // first subscriber of /p: a fresh channel
    hub.subscribe("/p", page, reader(), rendered_at);
    EXPECT_FALSE(page->has("reset"));
    EXPECT_FALSE(page->has("comment.created"));  // another page's event
}
