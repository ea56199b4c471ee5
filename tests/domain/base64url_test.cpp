#include "domain/base64url.hpp"

#include <gtest/gtest.h>

using tribune::domain::base64url_decode;
using tribune::domain::base64url_encode;

TEST(Base64Url, RoundTripsEveryLength) {
    std::string bytes;
    for (int i = 0; i < 40; ++i) {
        EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes) << "length " << i;
        bytes.push_back(static_cast<char>(i * 37 + 200));
    }
}

TEST(Base64Url, UsesTheUrlAlphabetWithoutPadding) {
    EXPECT_EQ(base64url_encode("\xFB\xFF"), "-_8");
    EXPECT_EQ(base64url_encode("f"), "Zg");
}

TEST(Base64Url, RejectsWhatEncodeNeverMakes) {
    EXPECT_FALSE(base64url_decode("Zg=="));  // padding
    EXPECT_FALSE(base64url_decode("Z"));     // impossible length
    EXPECT_FALSE(base64url_decode("Zh"));    // non-zero leftover bits
    EXPECT_FALSE(base64url_decode("a+b/"));  // standard alphabet
}
