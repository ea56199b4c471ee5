#include "http/ws_reader.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

using tribune::http::WsRead;
using tribune::http::WsReader;
using Kind = WsRead::Kind;

namespace {

constexpr std::size_t kMax = 4096;

// A client frame (masked unless told otherwise), as a browser sends it.
std::string client_frame(std::uint8_t opcode, std::string_view payload, bool fin = true, bool mask = true,
                         std::uint8_t rsv = 0) {
    std::string f;
    f.push_back(static_cast<char>((fin ? 0x80 : 0) | rsv | opcode));
    const std::uint8_t m = mask ? 0x80 : 0;
    if (payload.size() < 126) {
        f.push_back(static_cast<char>(m | payload.size()));
    } else if (payload.size() < 65536) {
        f.push_back(static_cast<char>(m | 126));
        f.push_back(static_cast<char>(payload.size() >> 8));
        f.push_back(static_cast<char>(payload.size() & 0xff));
    } else {
        f.push_back(static_cast<char>(m | 127));
        for (int i = 7; i >= 0; --i) f.push_back(static_cast<char>((std::uint64_t{payload.size()} >> (8 * i)) & 0xff));
    }
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    if (mask) f.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) f.push_back(mask ? static_cast<char>(payload[i] ^ key[i & 3]) : payload[i]);
    return f;
}

WsRead read_one(const std::string& bytes) {
    WsReader r(kMax);
    r.append(bytes);
    return r.next();
}

}  // namespace

TEST(WsReader, UnmasksATextMessage) {
    const auto m = read_one(client_frame(0x1, R"({"type":"typing"})"));
    EXPECT_EQ(m.kind, Kind::kText);
    EXPECT_EQ(m.payload, R"({"type":"typing"})");
}

TEST(WsReader, WaitsForTheRestOfAFrameArrivingByteByByte) {
    WsReader r(kMax);
    const auto f = client_frame(0x1, std::string(300, 'a'));  // 16-bit length
    for (std::size_t i = 0; i + 1 < f.size(); ++i) {
        r.append(f.substr(i, 1));
        EXPECT_EQ(r.next().kind, Kind::kMore) << i;
    }
    r.append(f.substr(f.size() - 1));
    const auto m = r.next();
    EXPECT_EQ(m.kind, Kind::kText);
    EXPECT_EQ(m.payload, std::string(300, 'a'));
    EXPECT_EQ(r.next().kind, Kind::kMore);
}

TEST(WsReader, ReadsSeveralFramesFromOneChunkInOrder) {
    WsReader r(kMax);
    r.append(client_frame(0x1, "one") + client_frame(0x9, "p") + client_frame(0x1, "two"));
    EXPECT_EQ(r.next().payload, "one");
    const auto ping = r.next();
    EXPECT_EQ(ping.kind, Kind::kPing);
    EXPECT_EQ(ping.payload, "p");
    EXPECT_EQ(r.next().payload, "two");
    EXPECT_EQ(r.next().kind, Kind::kMore);
}

TEST(WsReader, JoinsFragmentsWithControlFramesBetween) {
    WsReader r(kMax);
    r.append(client_frame(0x1, "{\"type\":", false));
    r.append(client_frame(0x9, "mid"));
    r.append(client_frame(0x0, "\"typ", false));
    r.append(client_frame(0x0, "ing\"}", true));
    EXPECT_EQ(r.next().kind, Kind::kPing);
    const auto m = r.next();
    EXPECT_EQ(m.kind, Kind::kText);
    EXPECT_EQ(m.payload, R"({"type":"typing"})");
}

TEST(WsReader, BinaryMessagesAreReportedAsBinary) {
    EXPECT_EQ(read_one(client_frame(0x2, std::string("\x01\x02\xff", 3))).kind, Kind::kBinary);
}

TEST(WsReader, AcceptsAMessageOfExactlyTheLimit) {
    const auto m = read_one(client_frame(0x1, std::string(kMax, 'x')));
    EXPECT_EQ(m.kind, Kind::kText);
    EXPECT_EQ(m.payload.size(), kMax);
}

TEST(WsReader, RefusesAnOversizedMessageFromItsHeaderAlone) {
    WsReader r(kMax);
    const auto f = client_frame(0x1, std::string(kMax + 1, 'x'));
    r.append(f.substr(0, 8));  // header and mask only: nothing of the payload is buffered
    const auto m = r.next();
    EXPECT_EQ(m.kind, Kind::kFailed);
    EXPECT_EQ(m.close_code, 1009);
    EXPECT_EQ(r.next().kind, Kind::kFailed);  // and stays failed
}

TEST(WsReader, RefusesFragmentsThatAddUpToMoreThanTheLimit) {
    WsReader r(kMax);
    r.append(client_frame(0x1, std::string(3000, 'x'), false) + client_frame(0x0, std::string(3000, 'x')));
    const auto m = r.next();
    EXPECT_EQ(m.kind, Kind::kFailed);
    EXPECT_EQ(m.close_code, 1009);
}

TEST(WsReader, RefusesA64BitLengthWithTheTopBitSet) {
    std::string f = "\x81\xff";
    f += std::string("\x80\x00\x00\x00\x00\x00\x00\x01", 8);
    EXPECT_EQ(read_one(f).close_code, 1002);
}

TEST(WsReader, ProtocolErrorsCloseWith1002) {
    EXPECT_EQ(read_one(client_frame(0x1, "x", true, false)).close_code, 1002);        // unmasked
    EXPECT_EQ(read_one(client_frame(0x1, "x", true, true, 0x40)).close_code, 1002);   // RSV1, no extension
    EXPECT_EQ(read_one(client_frame(0x3, "x")).close_code, 1002);                     // reserved opcode
    EXPECT_EQ(read_one(client_frame(0xb, "x")).close_code, 1002);                     // reserved control
    EXPECT_EQ(read_one(client_frame(0x0, "x")).close_code, 1002);                     // stray continuation
    EXPECT_EQ(read_one(client_frame(0x9, "x", false)).close_code, 1002);              // fragmented ping
    EXPECT_EQ(read_one(client_frame(0x9, std::string(126, 'x'))).close_code, 1002);  // long ping
    EXPECT_EQ(read_one(client_frame(0x1, "a", false) + client_frame(0x1, "b")).close_code, 1002);  // new message mid-way
    // A 16-bit length for a payload that fits in 7 bits is not the minimal encoding.
    std::string f = "\x81\xfe";
    f += std::string("\x00\x05", 2);
    f += std::string("\x00\x00\x00\x00", 4) + "hello";
    EXPECT_EQ(read_one(f).close_code, 1002);
}

TEST(WsReader, TextThatIsNotUtf8ClosesWith1007) {
    const auto m = read_one(client_frame(0x1, "caf\xc3"));
    EXPECT_EQ(m.kind, Kind::kFailed);
    EXPECT_EQ(m.close_code, 1007);
    EXPECT_EQ(read_one(client_frame(0x2, "caf\xc3")).kind, Kind::kBinary);  // binary is not text
}

TEST(WsReader, CloseFramesCarryTheirCode) {
    const auto with_code = read_one(client_frame(0x8, std::string("\x03\xe8" "bye", 5)));
    EXPECT_EQ(with_code.kind, Kind::kClose);
    EXPECT_EQ(with_code.close_code, 1000);
    const auto empty = read_one(client_frame(0x8, ""));
    EXPECT_EQ(empty.kind, Kind::kClose);
    EXPECT_EQ(empty.close_code, 1005);
    EXPECT_EQ(read_one(client_frame(0x8, "\x03")).close_code, 1002);                    // one byte
    EXPECT_EQ(read_one(client_frame(0x8, std::string("\x03\xee", 2))).close_code, 1002);  // 1006: reserved
    EXPECT_EQ(read_one(client_frame(0x8, std::string("\x0f\xa0", 2))).close_code, 4000);  // private range
}

TEST(WsFrames, ServerFramesAreUnmaskedAndFinal) {
    const auto pong = tribune::http::ws_frame(tribune::http::kWsPong, "abc");
    EXPECT_EQ(pong, std::string("\x8a\x03" "abc", 5));
    EXPECT_EQ(tribune::http::ws_close_frame(1009), std::string("\x88\x02\x03\xf1", 4));
    EXPECT_EQ(tribune::http::ws_close_frame(1005), std::string("\x88\x00", 2));
}
