#pragma once
// One server-to-client live message, encoded once and shared by every stream that sends it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tribune::live {

/// A live event's JSON, kept encoded for both transports: the bytes of an RFC 6455 text frame
/// (unmasked, as a server sends it), and the prefix of the Server-Sent Event carrying it (an SSE
/// stream writes the prefix, json() and a blank line). 20,000 readers share one buffer instead of
/// encoding it 20,000 times, and a reader that stops reading holds a reference, not a copy.
/// Immutable; share it through FramePtr.
class Frame {
public:
    /// `event_id` non-zero: the event is resumable and its SSE form starts with an `id:` line.
    explicit Frame(std::string_view json, std::uint64_t event_id = 0);

    /// The JSON text.
    std::string_view json() const { return std::string_view(bytes_).substr(header_bytes_); }

    /// The whole WebSocket frame: header and JSON.
    std::string_view websocket() const { return bytes_; }

    /// What an SSE event writes before json(): the `id:` line (when resumable) and `data: `.
    /// After json() comes kSseEnd.
    std::string_view sse_prefix() const { return sse_prefix_; }
    static constexpr std::string_view kSseEnd = "\n\n";

    /// The event id the SSE form carries (0: none).
    std::uint64_t event_id() const { return event_id_; }

    /// Bytes held (for the replay log's budget).
    std::size_t bytes() const { return bytes_.size() + sse_prefix_.size(); }

private:
    std::string bytes_;
    std::size_t header_bytes_;
    std::string sse_prefix_;
    std::uint64_t event_id_;
};

using FramePtr = std::shared_ptr<const Frame>;

/// A shared frame holding `json`, resumable as `event_id` when that is non-zero.
FramePtr make_frame(std::string_view json, std::uint64_t event_id = 0);

/// The header of a final, unmasked WebSocket frame with `opcode` and a payload of
/// `payload_bytes` (2, 4 or 10 bytes, RFC 6455 section 5.2). Appends it to `out`.
void append_websocket_header(std::string& out, std::uint8_t opcode, std::size_t payload_bytes);

}  // namespace tribune::live
