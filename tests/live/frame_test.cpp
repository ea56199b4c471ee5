#include "live/frame.hpp"

#include <gtest/gtest.h>

#include <string>

using tribune::live::Frame;

namespace {

// The payload length a WebSocket client reads from a frame header (RFC 6455 section 5.2).
std::size_t declared_length(std::string_view f) {
    const auto b = [&](std::size_t i) { return static_cast<std::uint8_t>(f[i]); };
    const std::size_t len7 = b(1) & 0x7f;
    if (len7 < 126) return len7;
    std::size_t n = 0;
    const std::size_t bytes = len7 == 126 ? 2 : 8;
    for (std::size_t i = 0; i < bytes; ++i) n = (n << 8) | b(2 + i);
    return n;
}

}  // namespace

TEST(Frame, HoldsTheJsonAndItsWebSocketTextFrame) {
    const Frame f(R"({"type":"presence","active":2})");
    EXPECT_EQ(f.json(), R"({"type":"presence","active":2})");
    const auto ws = f.websocket();
    EXPECT_EQ(static_cast<std::uint8_t>(ws[0]), 0x81);  // FIN, text
    EXPECT_EQ(static_cast<std::uint8_t>(ws[1]) & 0x80, 0);  // servers never mask
    EXPECT_EQ(declared_length(ws), f.json().size());
    EXPECT_EQ(ws.substr(2), f.json());
}

TEST(Frame, UsesTheShortestLengthEncodingAtEachBoundary) {
    for (const std::size_t n : {0u, 125u, 126u, 65535u, 65536u, 70000u}) {
        const Frame f(std::string(n, 'x'));
        const auto ws = f.websocket();
        const std::size_t header = n < 126 ? 2 : n < 65536 ? 4 : 10;
        EXPECT_EQ(ws.size(), header + n) << n;
        EXPECT_EQ(declared_length(ws), n) << n;
        EXPECT_EQ(f.json().size(), n) << n;
    }
}

TEST(Frame, HoldsItsServerSentEventOnceForEveryStream) {
    const Frame resumable(R"({"event_id":42,"type":"count","total":3})", 42);
    EXPECT_EQ(std::string(resumable.sse_prefix()) + std::string(resumable.json()) + std::string(Frame::kSseEnd),
              "id: 42\ndata: {\"event_id\":42,\"type\":\"count\",\"total\":3}\n\n");
    EXPECT_EQ(resumable.event_id(), 42u);
    const Frame plain(R"({"type":"typing","typing":true})");
    EXPECT_EQ(plain.sse_prefix(), "data: ");
    EXPECT_EQ(plain.event_id(), 0u);
    EXPECT_EQ(plain.bytes(), plain.websocket().size() + plain.sse_prefix().size()) << "the JSON is held once";
}
