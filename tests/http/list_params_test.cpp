#include "http/list_params.hpp"

#include <gtest/gtest.h>

using namespace tribune;
using namespace tribune::http;

namespace {
const domain::Limits kLimits{};

Request with(QueryParams q) {
    Request r;
    r.query = std::move(q);
    return r;
}
Identity reader() { return Identity{}; }
Identity staff() {
    Identity i;
    i.viewer.role = domain::Role::kModerator;
    i.credentials = true;
    return i;
}
}  // namespace

TEST(ListParams, DefaultsAndLimits) {
    auto q = list_query_from(with({}), reader(), kLimits);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->limit, 20);
    EXPECT_EQ(q->order, domain::SortOrder::kOldest);
    EXPECT_EQ(list_query_from(with({{"limit", "abc"}}), reader(), kLimits).error().code, domain::ErrorCode::kMalformed);
    EXPECT_EQ(list_query_from(with({{"limit", "0"}}), reader(), kLimits).error().code, domain::ErrorCode::kInvalid);
    EXPECT_EQ(list_query_from(with({{"limit", "101"}}), reader(), kLimits).error().code, domain::ErrorCode::kInvalid);
    EXPECT_EQ(list_query_from(with({{"limit", "100"}}), reader(), kLimits)->limit, 100);
}

TEST(ListParams, CursorsCarryTheirOrder) {
    const auto cursor = domain::encode_cursor({domain::SortOrder::kNewest, 77});
    auto q = list_query_from(with({{"cursor", cursor}}), reader(), kLimits);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->order, domain::SortOrder::kNewest);
    EXPECT_EQ(q->after_id, 77);
    EXPECT_EQ(list_query_from(with({{"cursor", cursor}, {"sort", "oldest"}}), reader(), kLimits).error().code,
              domain::ErrorCode::kInvalid);
    EXPECT_EQ(list_query_from(with({{"cursor", "nonsense"}}), reader(), kLimits).error().code,
              domain::ErrorCode::kMalformed);
}

TEST(ListParams, StatusFiltersAreForStaff) {
    EXPECT_EQ(list_query_from(with({{"status", "pending"}}), reader(), kLimits).error().code,
              domain::ErrorCode::kUnauthenticated);
    Identity other = reader();
    other.credentials = true;
    EXPECT_EQ(list_query_from(with({{"status", "pending"}}), other, kLimits).error().code,
              domain::ErrorCode::kForbidden);
    EXPECT_EQ(list_query_from(with({{"status", "spam"}}), staff(), kLimits)->filter, store::StatusFilter::kSpam);
    EXPECT_EQ(list_query_from(with({{"status", "weird"}}), staff(), kLimits).error().code, domain::ErrorCode::kInvalid);
}
