#pragma once
// One server-to-client live message, encoded once and shared by every stream that sends it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tribune::live {

/// A live event's JSON, kept as the bytes of an RFC 6455 text frame (unmasked, as a server
/// sends it) so 20,000 WebSocket readers share one buffer instead of framing it 20,000 times.
/// Immutable; share it through FramePtr.
class Frame {
public:
    explicit Frame(std::string_view json);

    /// The JSON text (what SSE sends on its `data:` line).
    std::string_view json() const { return std::string_view(bytes_).substr(header_bytes_); }

    /// The whole WebSocket frame: header and JSON.
    std::string_view websocket() const { return bytes_; }

private:
    std::string bytes_;
    std::size_t header_bytes_;
};

using FramePtr = std::shared_ptr<const Frame>;

/// A shared frame holding `json`.
FramePtr make_frame(std::string_view json);

/// The header of a final, unmasked WebSocket frame with `opcode` and a payload of
/// `payload_bytes` (2, 4 or 10 bytes, RFC 6455 section 5.2). Appends it to `out`.
void append_websocket_header(std::string& out, std::uint8_t opcode, std::size_t payload_bytes);

}  // namespace tribune::live
