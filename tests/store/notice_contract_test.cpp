// The NoticeStore contract on both engines: notices come back once each, oldest first, even to
// takers racing each other.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>
#include <vector>

#include "store_factories.hpp"

namespace tribune::store {
namespace {

template <class Factory>
class NoticeContract : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = factory_.open();
        ASSERT_NE(store_, nullptr);
    }
    Store& store() { return *store_; }
    static domain::Time at(int s) { return domain::from_micros(1'700'000'000'000'000 + s * 1'000'000LL); }

    Factory factory_;
    std::unique_ptr<Store> store_;
};

TYPED_TEST_SUITE(NoticeContract, testing::Engines);

TYPED_TEST(NoticeContract, NoticesAreTakenOnceOldestFirst) {
    auto none = this->store().take_notices(10);
    ASSERT_TRUE(none) << none.error().message;
    EXPECT_TRUE(none->empty());
    ASSERT_TRUE(this->store().add_notice("/a", 7, "updated", this->at(1)));
    ASSERT_TRUE(this->store().add_notice("/b", 0, "updated", this->at(2)));
    ASSERT_TRUE(this->store().add_notice("/a", 8, "created", this->at(3)));
    auto first = this->store().take_notices(2);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->size(), 2u);
    EXPECT_EQ((*first)[0].page, "/a");
    EXPECT_EQ((*first)[0].comment_id, 7);
    EXPECT_EQ((*first)[0].change, "updated");
    EXPECT_EQ((*first)[0].at, this->at(1));
    EXPECT_EQ((*first)[1].page, "/b");
    EXPECT_EQ((*first)[1].comment_id, 0);
    EXPECT_LT((*first)[0].id, (*first)[1].id);
    auto rest = this->store().take_notices(10);
    ASSERT_TRUE(rest);
    ASSERT_EQ(rest->size(), 1u);
    EXPECT_EQ((*rest)[0].comment_id, 8);
    EXPECT_EQ((*rest)[0].change, "created");
    EXPECT_TRUE(this->store().take_notices(10)->empty());
}

TYPED_TEST(NoticeContract, AnUnknownChangeIsRefusedAndStoresNothing) {
    auto bad = this->store().add_notice("/a", 1, "approved", this->at(1));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, domain::ErrorCode::kInvalid);
    EXPECT_TRUE(this->store().take_notices(10)->empty());
}

TYPED_TEST(NoticeContract, RacingTakersNeverShareANotice) {
    constexpr int kNotices = 60;
    for (int i = 1; i <= kNotices; ++i) ASSERT_TRUE(this->store().add_notice("/p", i, "updated", this->at(i)));
    std::vector<std::vector<ChangeNotice>> taken(3);
    std::vector<std::thread> takers;
    for (auto& mine : taken)
        takers.emplace_back([this, &mine] {
            for (int round = 0; round < 40; ++round) {
                auto got = this->store().take_notices(4);
                if (!got) continue;
                mine.insert(mine.end(), got->begin(), got->end());
            }
        });
    for (auto& t : takers) t.join();
    std::multiset<domain::CommentId> ids;
    for (const auto& mine : taken)
        for (const auto& n : mine) ids.insert(n.comment_id);
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kNotices));  // none twice
    EXPECT_EQ(std::set<domain::CommentId>(ids.begin(), ids.end()).size(), static_cast<std::size_t>(kNotices));
}

}  // namespace
}  // namespace tribune::store
