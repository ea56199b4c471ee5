#include "live/replay_log.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace tribune;
using namespace std::chrono_literals;
using live::ReplayLog;

namespace {

const ReplayLog::Clock::time_point log_t0 = ReplayLog::Clock::time_point{} + 1h;

live::CommentEvent event(domain::CommentId id, domain::CommentStatus status, std::string token_hash = "",
                         std::string hidden = "") {
    live::CommentEvent e;
    e.comment.id = id;
    e.comment.page = "/p";
    e.comment.status = status;
    e.comment.author_token_hash = std::move(token_hash);
    e.visible_tail = "\"type\":\"comment.created\",\"id\":\"" + std::to_string(id) + "\"}";
    e.hidden_tail = std::move(hidden);
    return e;
}

domain::Viewer reader(std::string token_hash = "") {
    domain::Viewer v;
    v.author_token_hash = std::move(token_hash);
    return v;
}

domain::Viewer admin() {
    domain::Viewer v;
    v.role = domain::Role::kAdmin;
    return v;
}

// Prepares and keeps `e` as `id` at `at`; a count change takes id + 1.
ReplayLog::Prepared add(ReplayLog& log, std::uint64_t id, const live::CommentEvent& e,
                        ReplayLog::Clock::time_point at = log_t0, std::size_t max_entries = 100) {
    auto p = log.prepare(id, at, e, [id] { return id + 1; });
    auto copy = p;
    log.append(std::move(p.entry), e.removes_earlier, max_entries);
    return copy;
}

std::vector<std::string> texts(const std::vector<live::Outgoing>& out) {
    std::vector<std::string> t;
    for (const auto& o : out) t.emplace_back(o.frame->json());
    return t;
}

std::vector<std::uint64_t> ids(const std::vector<live::Outgoing>& out) {
    std::vector<std::uint64_t> v;
    for (const auto& o : out) v.push_back(o.event_id);
    return v;
}

}  // namespace

TEST(ReplayLog, PreparesEachFormOnceUnderItsId) {
    ReplayLog log(100);
    const auto p = log.prepare(101, log_t0, event(7, domain::CommentStatus::kApproved), [] { return 0u; });
    EXPECT_EQ(p.entry.id, 101u);
    EXPECT_EQ(p.entry.visible->json(), R"({"event_id":101,"type":"comment.created","id":"7"})");
    EXPECT_EQ(p.entry.visible->event_id(), 101u);
    EXPECT_EQ(p.entry.hidden, nullptr);  // no hidden tail
    EXPECT_EQ(p.count.frame, nullptr);   // no count known
}

TEST(ReplayLog, ACountChangeTakesTheNextIdOnlyWhenItChanges) {
    ReplayLog log(100);
    auto e = event(1, domain::CommentStatus::kApproved);
    e.total = 4;
    const auto first = add(log, 101, e);
    ASSERT_NE(first.count.frame, nullptr);
    EXPECT_EQ(first.count.event_id, 102u);
    EXPECT_EQ(first.count.frame->json(), R"({"event_id":102,"type":"count","total":4})");
    int asked = 0;
    const auto same = log.prepare(103, log_t0, e, [&] { return ++asked, 104u; });
    EXPECT_EQ(same.count.frame, nullptr);
    EXPECT_EQ(asked, 0);
}

TEST(ReplayLog, TheHiddenFormExistsOnlyForAPublicComment) {
    ReplayLog log(100);
    auto approved = event(1, domain::CommentStatus::kApproved);
    approved.total = 1;
    add(log, 101, approved);
    // A pending comment rejected: the count stays, so readers never saw it.
    auto never_seen = event(2, domain::CommentStatus::kRejected, "", "\"type\":\"comment.deleted\"}");
    never_seen.total = 1;
    EXPECT_EQ(add(log, 103, never_seen).entry.hidden, nullptr);
    // The approved one rejected: the count drops.
    auto gone = event(1, domain::CommentStatus::kRejected, "", "\"type\":\"comment.deleted\"}");
    gone.total = 0;
    EXPECT_NE(add(log, 105, gone).entry.hidden, nullptr);
    // Without counts nobody knows: readers who may not see it get the hidden form.
    ReplayLog unknown(100);
    EXPECT_NE(add(unknown, 101, event(3, domain::CommentStatus::kRejected, "", "\"x\":1}")).entry.hidden, nullptr);
}

TEST(ReplayLog, AResumeGetsWhatCameAfterInTheFormTheViewerMaySee) {
    ReplayLog log(100);
    add(log, 101, event(1, domain::CommentStatus::kApproved));
    add(log, 103, event(2, domain::CommentStatus::kPending, "mine"));
    add(log, 105, event(3, domain::CommentStatus::kRejected, "", "\"type\":\"comment.deleted\",\"id\":\"3\"}"));
    std::vector<live::Outgoing> out;
    log.resume(reader(), 101, out);
    EXPECT_EQ(texts(out), (std::vector<std::string>{R"({"event_id":105,"type":"comment.deleted","id":"3"})"}));
    out.clear();
    log.resume(reader("mine"), 100, out);
    EXPECT_EQ(ids(out), (std::vector<std::uint64_t>{101, 103, 105}));
}

TEST(ReplayLog, TheLatestCountComesBackInIdOrder) {
    ReplayLog log(100);
    auto first = event(1, domain::CommentStatus::kApproved);
    first.total = 1;
    add(log, 101, first);  // count 102
    add(log, 103, event(1, domain::CommentStatus::kApproved));
    std::vector<live::Outgoing> out;
    log.resume(reader(), 100, out);
    EXPECT_EQ(ids(out), (std::vector<std::uint64_t>{101, 102, 103}));
    out.clear();
    log.resume(reader(), 102, out);  // had the count already
    EXPECT_EQ(ids(out), (std::vector<std::uint64_t>{103}));
    out.clear();
    log.resume(reader(), 103, out);  // up to date: nothing
    EXPECT_TRUE(out.empty());
}

TEST(ReplayLog, AResumePointNoLongerKeptGetsAReset) {
    ReplayLog log(100);
    std::vector<live::Outgoing> out;
    log.resume(reader(), 99, out);  // before the log began (an earlier run)
    EXPECT_EQ(texts(out), (std::vector<std::string>{R"({"type":"reset"})"}));
    for (std::uint64_t id = 101; id <= 109; id += 2) add(log, id, event(id, domain::CommentStatus::kApproved), log_t0, 3);
    EXPECT_EQ(log.size(), 3u);
    EXPECT_EQ(log.dropped_through(), 103u);
    out.clear();
    log.resume(reader(), 101, out);
    EXPECT_EQ(texts(out), (std::vector<std::string>{R"({"type":"reset"})"}));
    out.clear();
    log.resume(reader(), 103, out);
    EXPECT_EQ(ids(out), (std::vector<std::uint64_t>{105, 107, 109}));
}

TEST(ReplayLog, TrimsByAgeAndByCut) {
    ReplayLog log(100);
    add(log, 101, event(1, domain::CommentStatus::kApproved), log_t0);
    add(log, 103, event(2, domain::CommentStatus::kApproved), log_t0 + 10s);
    add(log, 105, event(3, domain::CommentStatus::kApproved), log_t0 + 20s);
    log.trim(log_t0 + 300s, 300s, 0);
    EXPECT_EQ(log.size(), 3u);  // exactly the window old: kept
    log.trim(log_t0 + 300s + 1ms, 300s, 0);
    EXPECT_EQ(log.size(), 2u);
    EXPECT_EQ(log.dropped_through(), 101u);
    log.trim(log_t0 + 301s, 300s, 103);  // the byte budget cut through 103
    EXPECT_EQ(log.newest(), 105u);
    EXPECT_EQ(log.dropped_through(), 103u);
    log.trim(log_t0 + 400s, 300s, 0);
    EXPECT_TRUE(log.empty());
    EXPECT_EQ(log.newest(), std::nullopt);
    EXPECT_EQ(log.dropped_through(), 105u);
}

TEST(ReplayLog, ADeletionDropsTheCommentsEarlierEvents) {
    ReplayLog log(100);
    add(log, 101, event(1, domain::CommentStatus::kApproved));
    add(log, 103, event(2, domain::CommentStatus::kApproved));
    auto gone = event(1, domain::CommentStatus::kDeleted);
    gone.removes_earlier = true;
    add(log, 105, gone);
    std::vector<live::Outgoing> out;
    log.resume(admin(), 100, out);
    EXPECT_EQ(ids(out), (std::vector<std::uint64_t>{103, 105}));  // the deletion itself stays
}

TEST(ReplayLog, AStreamsPositionIsItsResumePointOrTheNewestKept) {
    ReplayLog log(100);
    EXPECT_EQ(log.position_for(std::nullopt), 100u);
    add(log, 101, event(1, domain::CommentStatus::kApproved));
    EXPECT_EQ(log.position_for(std::nullopt), 101u);
    EXPECT_EQ(log.position_for(0), 101u);
    EXPECT_EQ(log.position_for(99), 101u);  // reset: from now on
    EXPECT_EQ(log.position_for(100), 100u);
}

TEST(ReplayLog, AViewerChangeMissesOnlyWhatTheNewViewerMaySeeAndTheOldCouldNot) {
    ReplayLog log(100);
    add(log, 101, event(1, domain::CommentStatus::kPending, "mine"));
    add(log, 103, event(2, domain::CommentStatus::kPending, "theirs"));
    add(log, 105, event(3, domain::CommentStatus::kApproved));
    add(log, 107, event(4, domain::CommentStatus::kPending, "mine"));
    EXPECT_EQ(ids(log.missed(reader(), reader("mine"), 100)), (std::vector<std::uint64_t>{101, 107}));
    EXPECT_EQ(ids(log.missed(reader(), reader("mine"), 101)), (std::vector<std::uint64_t>{107}));
    // A later event of the same comment (approved) wins over the earlier pending one.
    add(log, 109, event(1, domain::CommentStatus::kApproved, "mine"));
    EXPECT_EQ(ids(log.missed(reader(), reader("mine"), 100)), (std::vector<std::uint64_t>{107}));
}

TEST(ReplayLog, LossesAndStartsMoveWhatIsKept) {
    ReplayLog log(100);
    log.start_at(500);
    EXPECT_EQ(log.dropped_through(), 500u);
    add(log, 501, event(1, domain::CommentStatus::kApproved));
    log.start_at(600);  // events kept: the start no longer moves
    EXPECT_EQ(log.dropped_through(), 500u);
    log.forget_through(520);
    log.forget_through(510);  // never backwards
    EXPECT_EQ(log.dropped_through(), 520u);
}

TEST(ReplayLog, AnEntrysBytesCountItsTextAndFrames) {
    ReplayLog log(100);
    auto small = event(1, domain::CommentStatus::kApproved);
    auto big = small;
    big.comment.text = std::string(1000, 'w');
    const auto a = log.prepare(101, log_t0, small, [] { return 0u; });
    const auto b = log.prepare(103, log_t0, big, [] { return 0u; });
    EXPECT_GE(ReplayLog::bytes(b.entry), ReplayLog::bytes(a.entry) + 1000);
    EXPECT_GE(ReplayLog::bytes(a.entry), a.entry.visible->bytes());
}
