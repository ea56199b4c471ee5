#include "live/channel.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace tribune;
using namespace std::chrono_literals;
using live::Channel;

namespace {

const Channel::Clock::time_point t0 = Channel::Clock::time_point{} + 1h;

// Records each delivery: the frames handed over together.
class Recorder : public live::Subscriber {
public:
    void deliver(std::span<const live::Outgoing> frames, live::Delivery why) override {
        std::lock_guard lock(mutex_);
        std::vector<std::string> batch;
        for (const auto& f : frames) batch.emplace_back(f.frame->json());
        batches_.push_back(std::move(batch));
        whys_.push_back(why);
    }
    std::vector<std::vector<std::string>> batches() {
        std::lock_guard lock(mutex_);
        return batches_;
    }
    std::vector<std::string> frames() {
        std::vector<std::string> all;
        for (auto& b : batches()) all.insert(all.end(), b.begin(), b.end());
        return all;
    }
    std::vector<live::Delivery> whys() {
        std::lock_guard lock(mutex_);
        return whys_;
    }
    void clear() {
        std::lock_guard lock(mutex_);
        batches_.clear();
        whys_.clear();
    }

private:
    std::mutex mutex_;
    std::vector<std::vector<std::string>> batches_;
    std::vector<live::Delivery> whys_;
};

Channel channel(std::uint64_t dropped_through = 100) {
    return Channel(live::TypingOptions{1500ms, 5000ms}, live::PresenceOptions{5000ms, 15000ms}, dropped_through, t0);
}

domain::Viewer reader(std::string token_hash = "") {
    domain::Viewer v;
    v.author_token_hash = std::move(token_hash);
    return v;
}

// Joins `s` as `id` and returns its greeting.
std::vector<std::string> join(Channel& ch, live::SubscriptionId id, const std::shared_ptr<Recorder>& s,
                              domain::Viewer viewer = reader(), std::optional<std::uint64_t> last = std::nullopt) {
    std::vector<live::Outgoing> out;
    ch.join(id, Channel::Member{s, std::move(viewer)}, last, out);
    std::vector<std::string> texts;
    for (const auto& o : out) texts.emplace_back(o.frame->json());
    return texts;
}

live::CommentEvent event(domain::CommentId id, domain::CommentStatus status, std::string token_hash = "") {
    live::CommentEvent e;
    e.comment.id = id;
    e.comment.page = "/p";
    e.comment.status = status;
    e.comment.author_token_hash = std::move(token_hash);
    e.visible_tail = "\"type\":\"comment.created\",\"id\":\"" + std::to_string(id) + "\"}";
    return e;
}

// Prepares, delivers and keeps `e` as `id`, as the hub records an event.
void record(Channel& ch, live::FanoutPool& pool, std::uint64_t id, const live::CommentEvent& e,
            std::size_t slice = 256) {
    Channel::Keep keep;
    auto p = ch.log.prepare(id, t0, e, [id] { return id + 1; });
    ch.deliver(p, pool, slice, keep);
    ch.log.append(std::move(p.entry), e.removes_earlier, 100);
}

}  // namespace

TEST(Channel, AJoinerIsGreetedWithPresenceItselfIncluded) {
    auto ch = channel();
    auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>();
    EXPECT_EQ(join(ch, 1, a), (std::vector<std::string>{R"({"type":"presence","active":1})"}));
    ch.presence.set_remote("node-2", 3, false, t0);
    EXPECT_EQ(join(ch, 2, b), (std::vector<std::string>{R"({"type":"presence","active":5})"}));
    EXPECT_EQ(ch.everywhere(), 5);
    EXPECT_TRUE(a->frames().empty());  // the others hear the count when it is due (the hub's tick)
    EXPECT_EQ(ch.presence.due(t0, ch.members.size()), 5);
}

TEST(Channel, AJoinerResumesOrIsReset) {
    auto ch = channel();
    live::FanoutPool pool(0);
    record(ch, pool, 101, event(1, domain::CommentStatus::kApproved));
    record(ch, pool, 103, event(2, domain::CommentStatus::kApproved));
    auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>(), c = std::make_shared<Recorder>();
    const auto resumed = join(ch, 1, a, reader(), 101);
    ASSERT_EQ(resumed.size(), 2u);
    EXPECT_EQ(resumed[1], R"({"event_id":103,"type":"comment.created","id":"2"})");
    EXPECT_EQ(ch.members.at(1).since, 101u);
    const auto reset = join(ch, 2, b, reader(), 50);
    EXPECT_EQ(reset.back(), R"({"type":"reset"})");
    EXPECT_EQ(ch.members.at(2).since, 103u);  // from now on
    EXPECT_EQ(join(ch, 3, c).size(), 1u);      // fresh: presence only
}

TEST(Channel, AJoinerSeesSomeoneTypingHereOrElsewhere) {
    auto ch = channel();
    auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>(), c = std::make_shared<Recorder>();
    join(ch, 1, a);
    ch.typing.signal(1, t0);
    EXPECT_EQ(join(ch, 2, b).back(), R"({"type":"typing","typing":true})");
    EXPECT_TRUE(ch.members.at(2).shows_typing);
    auto other = channel();
    other.presence.set_remote("node-2", 1, true, t0);
    EXPECT_EQ(join(other, 3, c).back(), R"({"type":"typing","typing":true})");
}

TEST(Channel, TypingShowsToOthersOnlyWhenItChanges) {
    auto ch = channel();
    auto typist = std::make_shared<Recorder>(), other = std::make_shared<Recorder>();
    join(ch, 1, typist);
    join(ch, 2, other);
    Channel::Keep keep;
    ASSERT_EQ(ch.typing.signal(1, t0), live::Typing::Signal::kStarted);
    ch.typing_changed(keep);
    EXPECT_EQ(other->frames(), (std::vector<std::string>{R"({"type":"typing","typing":true})"}));
    EXPECT_TRUE(typist->frames().empty());  // never one's own typing
    ch.show_typing(keep);                   // nothing changed: nothing sent
    EXPECT_EQ(other->frames().size(), 1u);
    EXPECT_TRUE(ch.presence.take_local_change());  // the bus is to hear
    ASSERT_TRUE(ch.typing.expire(t0 + 5s));
    ch.typing_changed(keep);
    EXPECT_EQ(other->frames().back(), R"({"type":"typing","typing":false})");
}

TEST(Channel, ATypistWhoLeavesStopsTypingAtOnce) {
    auto ch = channel();
    auto typist = std::make_shared<Recorder>(), other = std::make_shared<Recorder>();
    join(ch, 1, typist);
    join(ch, 2, other);
    Channel::Keep keep;
    ch.typing.signal(1, t0);
    ch.typing_changed(keep);
    EXPECT_TRUE(ch.leave(1, t0 + 1s, keep));
    EXPECT_EQ(other->frames().back(), R"({"type":"typing","typing":false})");
    EXPECT_FALSE(ch.leave(1, t0 + 1s, keep));  // once
    EXPECT_EQ(ch.members.size(), 1u);
}

TEST(Channel, AnEventReachesEachMemberInTheFormItMaySeeWithItsCount) {
    auto ch = channel();
    live::FanoutPool pool(0);
    auto author = std::make_shared<Recorder>(), stranger = std::make_shared<Recorder>();
    join(ch, 1, author, reader("mine"));
    join(ch, 2, stranger, reader("theirs"));
    author->clear();
    stranger->clear();
    auto pending = event(7, domain::CommentStatus::kPending, "mine");
    pending.total = 0;
    record(ch, pool, 101, pending);
    EXPECT_EQ(author->batches(), (std::vector<std::vector<std::string>>{
                                     {R"({"event_id":101,"type":"comment.created","id":"7"})",
                                      R"({"event_id":102,"type":"count","total":0})"}}));
    EXPECT_EQ(author->whys(), (std::vector<live::Delivery>{live::Delivery::kLive}));
    EXPECT_TRUE(stranger->batches().empty());  // neither the comment nor its count
    auto rejected = event(8, domain::CommentStatus::kRejected);
    rejected.hidden_tail = "\"type\":\"comment.deleted\",\"id\":\"8\"}";
    record(ch, pool, 103, rejected);  // the count is not given: who knows who saw it
    EXPECT_EQ(stranger->frames(), (std::vector<std::string>{R"({"event_id":103,"type":"comment.deleted","id":"8"})"}));
}

TEST(Channel, AnEventReachesEveryMemberWhenSpreadOverThePool) {
    auto ch = channel();
    live::FanoutPool pool(2);
    std::vector<std::shared_ptr<Recorder>> members;
    for (live::SubscriptionId id = 1; id <= 50; ++id) {
        members.push_back(std::make_shared<Recorder>());
        join(ch, id, members.back());
        members.back()->clear();
    }
    record(ch, pool, 101, event(1, domain::CommentStatus::kApproved), /*slice=*/4);
    for (auto& m : members) EXPECT_EQ(m->frames().size(), 1u);
    Channel::Keep keep;
    ch.send_presence(50, pool, 4, keep);
    EXPECT_EQ(keep.size(), 50u);  // kept alive until the caller lets go of the lock
    for (auto& m : members) EXPECT_EQ(m->frames().back(), R"({"type":"presence","active":50})");
}

TEST(Channel, MembersWhoseStreamIsGoneAreDropped) {
    auto ch = channel();
    live::FanoutPool pool(0);
    auto a = std::make_shared<Recorder>();
    join(ch, 1, a);
    {
        auto b = std::make_shared<Recorder>();
        join(ch, 2, b);
        ch.typing.signal(2, t0);
    }
    (void)ch.presence.take_local_change();
    record(ch, pool, 101, event(1, domain::CommentStatus::kApproved));  // delivering finds it gone
    EXPECT_EQ(ch.members.size(), 1u);
    EXPECT_FALSE(ch.typing.any());
    EXPECT_TRUE(ch.presence.take_local_change());
    {
        auto c = std::make_shared<Recorder>();
        join(ch, 3, c);
    }
    ch.sweep();
    EXPECT_EQ(ch.members.size(), 1u);
    EXPECT_TRUE(ch.members.contains(1));
}

TEST(Channel, AChannelIsIdleOnlyWhenNothingIsLeftForAWindow) {
    auto ch = channel();
    EXPECT_TRUE(ch.unused());
    EXPECT_FALSE(ch.idle(t0 + 300s, 300s));
    EXPECT_TRUE(ch.idle(t0 + 300s + 1ms, 300s));
    auto a = std::make_shared<Recorder>();
    join(ch, 1, a);
    EXPECT_FALSE(ch.idle(t0 + 1000s, 300s));
    Channel::Keep keep;
    ch.leave(1, t0 + 1000s, keep);
    EXPECT_FALSE(ch.idle(t0 + 1200s, 300s));  // emptied at 1000 s
    EXPECT_TRUE(ch.idle(t0 + 1301s, 300s));
    ch.presence.set_remote("node-2", 1, false, t0 + 1301s);
    EXPECT_FALSE(ch.idle(t0 + 2000s, 300s));  // another node's readers are here
}

TEST(Channel, ItsStateForOtherNodesIsLocalOnly) {
    auto ch = channel();
    auto a = std::make_shared<Recorder>();
    EXPECT_FALSE(ch.has_local_state());
    join(ch, 1, a);
    ch.typing.signal(1, t0);
    ch.presence.set_remote("node-2", 7, false, t0);
    const auto s = ch.state("/p");
    EXPECT_EQ(s.page, "/p");
    EXPECT_EQ(s.active, 1);
    EXPECT_TRUE(s.typing);
    EXPECT_TRUE(ch.has_local_state());
}
