// Range headers (RFC 9110 14.2): one valid range is a part, a valid range past the end is
// unsatisfiable, and anything malformed is ignored (the whole file, 200).
#include "http/byte_range.hpp"

#include <gtest/gtest.h>

namespace tribune::http {
namespace {

using Kind = RangeAnswer::Kind;

void expect_part(std::string_view header, std::size_t size, std::size_t first, std::size_t last) {
    const RangeAnswer a = byte_range(header, size);
    EXPECT_EQ(a.kind, Kind::kPart) << header;
    EXPECT_EQ(a.first, first) << header;
    EXPECT_EQ(a.last, last) << header;
}

TEST(ByteRange, OneRangeOfBytesIsAPartClippedToTheSize) {
    expect_part("bytes=0-9", 100, 0, 9);
    expect_part("bytes=90-", 100, 90, 99);
    expect_part("bytes=90-500", 100, 90, 99);
    expect_part("bytes=-10", 100, 90, 99);
    expect_part("bytes=-1000", 100, 0, 99);
    expect_part("Bytes=5-5", 100, 5, 5);  // the unit is compared without case
    expect_part("bytes=0-99999999999999999999999999", 100, 0, 99);
}

TEST(ByteRange, AValidRangePastTheEndIsUnsatisfiable) {
    for (std::string_view h : {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=99999999999999999999999-"})
        EXPECT_EQ(byte_range(h, 100).kind, Kind::kUnsatisfiable) << h;
    EXPECT_EQ(byte_range("bytes=0-", 0).kind, Kind::kUnsatisfiable);
}

TEST(ByteRange, AMalformedHeaderIsIgnored) {
    for (std::string_view h : {"bytes=abc-5", "bytes=5-3", "bytes=5-abc", "bytes=", "bytes=-", "bytes=5", "bytes=-x",
                               "bytes= 0-5", "bytes=0-5 ", "bytes=+1-5", "bytes=0x1-5", "items=0-5", "bytes", "",
                               "bytes=0-1,5-6", "bytesx=0-5", "=0-5", "bytes=--5"})
        EXPECT_EQ(byte_range(h, 100).kind, Kind::kWhole) << "'" << h << "'";
}

}  // namespace
}  // namespace tribune::http
