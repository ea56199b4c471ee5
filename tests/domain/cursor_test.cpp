#include "domain/cursor.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "domain/base64url.hpp"

using namespace tribune::domain;

TEST(Cursor, RoundTripsBothOrders) {
    for (auto order : {SortOrder::kOldest, SortOrder::kNewest}) {
        const Cursor c{order, 123456789};
        auto back = decode_cursor(encode_cursor(c));
        ASSERT_TRUE(back);
        EXPECT_EQ(back->order, order);
        EXPECT_EQ(back->after_id, 123456789);
    }
}

TEST(Cursor, RejectsForgedOrBrokenText) {
    for (const std::string& bad : std::vector<std::string>{"", "!!!", "djE6eDo1", base64url_encode("v2:o:5"), base64url_encode("v1:o:"),
                                  base64url_encode("v1:o:-5"), base64url_encode("v1:o:5x"),
                                  base64url_encode("v1:o:99999999999999999999"), std::string(100, 'A')}) {
        auto r = decode_cursor(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kMalformed);
        ASSERT_EQ(r.error().fields.size(), 1u);
        EXPECT_EQ(r.error().fields[0].field, "cursor");
    }
}

// Found by fuzzing: only the spelling encode_cursor makes is a cursor.
TEST(Cursor, RefusesOtherSpellingsOfTheSameNumber) {
    for (const char* plain : {"v1:o:07", "v1:n:-0", "v1:o:+7"})
        EXPECT_FALSE(decode_cursor(base64url_encode(plain)).has_value()) << plain;
    EXPECT_TRUE(decode_cursor(base64url_encode("v1:o:7")).has_value());
}
