#include "live/frame.hpp"

namespace tribune::live {
namespace {
constexpr std::uint8_t kText = 0x1;
}

void append_websocket_header(std::string& out, std::uint8_t opcode, std::size_t payload_bytes) {
    out.push_back(static_cast<char>(0x80 | (opcode & 0x0f)));  // FIN: never fragmented
    if (payload_bytes < 126) {
        out.push_back(static_cast<char>(payload_bytes));
        return;
    }
    const int length_bytes = payload_bytes < 65536 ? 2 : 8;
    out.push_back(static_cast<char>(length_bytes == 2 ? 126 : 127));
    for (int i = length_bytes - 1; i >= 0; --i)
        out.push_back(static_cast<char>((static_cast<std::uint64_t>(payload_bytes) >> (8 * i)) & 0xff));
}

// The JSON never holds a raw line break (the encoders escape them), so one `data:` line carries it.
Frame::Frame(std::string_view json, std::uint64_t event_id) : event_id_(event_id) {
    bytes_.reserve(json.size() + 10);
    append_websocket_header(bytes_, kText, json.size());
    header_bytes_ = bytes_.size();
    bytes_ += json;
    if (event_id) {
        sse_prefix_ += "id: ";
        sse_prefix_ += std::to_string(event_id);
        sse_prefix_ += '\n';
    }
    sse_prefix_ += "data: ";
}

FramePtr make_frame(std::string_view json, std::uint64_t event_id) {
    return std::make_shared<const Frame>(json, event_id);
}

}  // namespace tribune::live
