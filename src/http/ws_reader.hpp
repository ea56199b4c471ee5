#pragma once
// The client side of a WebSocket as the server reads it (RFC 6455 section 5): frames parsed from
// bytes as they arrive, masks removed, fragments joined, control frames passed through.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tribune::http {

/// Close codes the server sends (RFC 6455 section 7.4.1).
enum class WsClose : std::uint16_t {
    kNormal = 1000,
    kProtocolError = 1002,
    kInvalidData = 1007,  // a text message that is not UTF-8
    kPolicyViolation = 1008,
    kTooBig = 1009,
};

/// What next() found.
struct WsRead {
    enum class Kind {
        kMore,    // no whole message yet: append more bytes
        kText,    // a whole text message (UTF-8 checked)
        kBinary,  // a whole binary message
        kPing,
        kPong,
        kClose,   // `close_code` is the peer's code, or 1005 when it sent none
        kFailed,  // the peer broke the protocol: close with `close_code`, read no more
    };
    Kind kind = Kind::kMore;
    std::string payload;
    std::uint16_t close_code = 0;
};

/// Parses client frames. Rejects what a server must (unmasked frames, reserved bits without an
/// extension, unknown opcodes, fragmented or long control frames, stray continuations,
/// non-minimal lengths, bad close codes) and messages over `max_message_bytes` in total, which
/// it never buffers. Holds at most one frame's bytes. Not thread-safe.
class WsReader {
public:
    explicit WsReader(std::size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

    /// Adds bytes read from the socket.
    void append(std::string_view bytes) { pending_.append(bytes); }

    /// The next message or control frame, kMore when the bytes so far hold none, or kFailed
    /// (then always kFailed).
    WsRead next();

private:
    WsRead fail(WsClose code);

    std::size_t max_message_bytes_;
    std::string pending_;      // bytes not parsed yet
    std::string message_;      // fragments of the data message in progress
    bool in_message_ = false;  // a data message has begun and not finished
    bool text_ = false;        // that message is text
    std::uint16_t failed_ = 0;
};

/// A final, unmasked frame with `opcode` and `payload` (<= 125 bytes for control frames), as the
/// server sends it.
std::string ws_frame(std::uint8_t opcode, std::string_view payload);

/// A close frame carrying `code` (none for 1005, "no status").
std::string ws_close_frame(std::uint16_t code);

inline constexpr std::uint8_t kWsText = 0x1;
inline constexpr std::uint8_t kWsClose = 0x8;
inline constexpr std::uint8_t kWsPing = 0x9;
inline constexpr std::uint8_t kWsPong = 0xa;

}  // namespace tribune::http
