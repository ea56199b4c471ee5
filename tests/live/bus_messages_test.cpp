#include "live/bus_messages.hpp"

#include <gtest/gtest.h>

using namespace tribune;

namespace {

live::CommentEvent sample() {
    live::CommentEvent e;
    e.comment.id = 42;
    e.comment.page = "/articles/ünïcode \"quoted\"";
    e.comment.parent_id = 7;
    e.comment.author.name = "Ada";
    e.comment.author.role = domain::Role::kModerator;
    e.comment.author.user_id = 3;
    e.comment.author_token_hash = "abc";
    e.comment.text = std::string(10000, 'x') + "\n<b>é</b>";
    e.comment.status = domain::CommentStatus::kRejected;
    e.comment.created_at = domain::from_micros(1'700'000'000'123'456);
    e.comment.edited_at = domain::from_micros(1'700'000'001'000'000);
    e.comment.reply_count = 2;
    e.visible_tail = R"("type":"comment.updated","comment":{"id":"42"}})";
    e.hidden_tail = R"("type":"comment.deleted","id":"42"})";
    e.total = 25;
    return e;
}

}  // namespace

TEST(BusMessages, AnEventSurvivesTheTripWhole) {
    const auto e = sample();
    const auto back = live::decode_event(live::encode_event(e));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->comment.id, 42);
    EXPECT_EQ(back->comment.page, e.comment.page);
    EXPECT_EQ(back->comment.parent_id, 7);
    EXPECT_EQ(back->comment.author.name, "Ada");
    EXPECT_EQ(back->comment.author.role, domain::Role::kModerator);
    EXPECT_EQ(back->comment.author.user_id, 3);
    EXPECT_EQ(back->comment.author_token_hash, "abc");
    EXPECT_EQ(back->comment.text, e.comment.text);
    EXPECT_EQ(back->comment.status, domain::CommentStatus::kRejected);
    EXPECT_EQ(back->comment.created_at, e.comment.created_at);
    EXPECT_EQ(back->comment.edited_at, e.comment.edited_at);
    EXPECT_EQ(back->comment.reply_count, 2);
    EXPECT_EQ(back->visible_tail, e.visible_tail);
    EXPECT_EQ(back->hidden_tail, e.hidden_tail);
    EXPECT_EQ(back->total, 25);
}

TEST(BusMessages, AbsentOptionalsStayAbsent) {
    auto e = sample();
    e.comment.parent_id.reset();
    e.comment.author.user_id.reset();
    e.comment.edited_at.reset();
    e.total.reset();
    e.hidden_tail.clear();
    const auto back = live::decode_event(live::encode_event(e));
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->comment.parent_id);
    EXPECT_FALSE(back->comment.author.user_id);
    EXPECT_FALSE(back->comment.edited_at);
    EXPECT_FALSE(back->total);
    EXPECT_TRUE(back->hidden_tail.empty());
}

TEST(BusMessages, AnythingElseIsRefused) {
    EXPECT_FALSE(live::decode_event(""));
    EXPECT_FALSE(live::decode_event("not json"));
    EXPECT_FALSE(live::decode_event("[]"));
    EXPECT_FALSE(live::decode_event(R"({"v":2})"));
    std::string text = live::encode_event(sample());
    text.replace(text.find("\"rejected\""), 10, "\"bogus!!!\"");
    EXPECT_FALSE(live::decode_event(text));
    EXPECT_FALSE(live::decode_states(R"({"node":"n","leaving":false,"pages":[["/p","x",true]]})"));
}

TEST(BusMessages, StatesSplitUnderTheSizeLimit) {
    live::NodeStates n{"node-1", false, {}};
    for (int i = 0; i < 300; ++i)
        n.states.push_back(live::PageState{"/articles/page-" + std::to_string(i), i, i % 2 == 0});
    n.states.push_back(live::PageState{std::string(9000, 'p'), 1, false});  // alone too big: left out
    const auto texts = live::encode_states(n, 1000);
    ASSERT_GT(texts.size(), 1u);
    std::vector<live::PageState> back;
    for (const auto& t : texts) {
        EXPECT_LE(t.size(), 1000u);
        auto d = live::decode_states(t);
        ASSERT_TRUE(d);
        EXPECT_EQ(d->node, "node-1");
        EXPECT_FALSE(d->leaving);
        back.insert(back.end(), d->states.begin(), d->states.end());
    }
    ASSERT_EQ(back.size(), 300u);
    for (int i = 0; i < 300; ++i) {
        EXPECT_EQ(back[i].page, "/articles/page-" + std::to_string(i));
        EXPECT_EQ(back[i].active, i);
        EXPECT_EQ(back[i].typing, i % 2 == 0);
    }
}

TEST(BusMessages, ChangedPagesSplitUnderTheSizeLimitAndComeBackWhole) {
    live::PageChanges c{"node-2", false, {}};
    for (int i = 0; i < 200; ++i) c.pages.push_back("/articles/page-\"" + std::to_string(i) + "\"");
    const auto texts = live::encode_page_changes(c, 500);
    ASSERT_GT(texts.size(), 1u);
    std::vector<std::string> back;
    for (const auto& t : texts) {
        EXPECT_LE(t.size(), 500u);
        auto d = live::decode_page_changes(t);
        ASSERT_TRUE(d);
        EXPECT_EQ(d->node, "node-2");
        EXPECT_FALSE(d->everything);
        back.insert(back.end(), d->pages.begin(), d->pages.end());
    }
    EXPECT_EQ(back, c.pages);
    EXPECT_TRUE(live::encode_page_changes(live::PageChanges{"n", false, {}}, 500).empty());
}

TEST(BusMessages, AChangedPageTooLongToTellSaysEverythingRatherThanNothing) {
    live::PageChanges c{"node-3", false, {"/short", std::string(900, 'p')}};
    const auto texts = live::encode_page_changes(c, 500);
    ASSERT_EQ(texts.size(), 1u);
    const auto d = live::decode_page_changes(texts[0]);
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->everything);
    EXPECT_FALSE(live::decode_page_changes(R"({"node":"n","everything":false,"pages":[1]})"));
    EXPECT_FALSE(live::decode_page_changes(R"({"node":"n","pages":[]})"));
    EXPECT_FALSE(live::decode_states(texts[0])) << "a page change is no state message";
}

TEST(BusMessages, ALeavingNodeSaysSoInOneMessage) {
    const auto texts = live::encode_states(live::NodeStates{"node-9", true, {}}, 7800);
    ASSERT_EQ(texts.size(), 1u);
    const auto d = live::decode_states(texts[0]);
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->leaving);
    EXPECT_EQ(d->node, "node-9");
}
