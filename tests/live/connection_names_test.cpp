#include "live/connection_names.hpp"

#include <gtest/gtest.h>

#include <string>

using tribune::live::ConnectionNames;

namespace {

ConnectionNames::Key key(unsigned char fill) {
    ConnectionNames::Key k;
    k.fill(fill);
    return k;
}

}  // namespace

TEST(ConnectionNames, ANameCarriesItsIdAndA128BitTag) {
    const ConnectionNames names(key(1));
    const std::string name = names.name(42);
    ASSERT_EQ(name.rfind("c42-", 0), 0u);
    EXPECT_EQ(name.size(), 4u + 32u);  // 16 bytes of MAC in hex
    EXPECT_EQ(names.id_of(name), 42u);
    EXPECT_EQ(names.name(42), name);  // the same under the same key
}

TEST(ConnectionNames, OnlyNamesItMadeAreRecognised) {
    const ConnectionNames names(key(1));
    const std::string name = names.name(42);
    EXPECT_EQ(names.id_of("c42"), std::nullopt);
    EXPECT_EQ(names.id_of("c42-"), std::nullopt);
    EXPECT_EQ(names.id_of("x" + name.substr(1)), std::nullopt);
    EXPECT_EQ(names.id_of("c43" + name.substr(3)), std::nullopt);  // another id under this tag
    std::string flipped = name;
    flipped.back() = flipped.back() == '0' ? '1' : '0';
    EXPECT_EQ(names.id_of(flipped), std::nullopt);
    EXPECT_EQ(names.id_of(name + "0"), std::nullopt);
    EXPECT_EQ(names.id_of("c99999999999999999999999-" + name.substr(4)), std::nullopt);  // overflow
    EXPECT_EQ(names.id_of(""), std::nullopt);
    EXPECT_EQ(names.id_of("c"), std::nullopt);
}

TEST(ConnectionNames, AnotherKeyMakesOtherNames) {
    const ConnectionNames one(key(1)), two(key(2));
    EXPECT_NE(one.name(7), two.name(7));
    EXPECT_EQ(two.id_of(one.name(7)), std::nullopt);
    const ConnectionNames random_a, random_b;  // each hub makes its own key
    EXPECT_NE(random_a.name(7), random_b.name(7));
}
