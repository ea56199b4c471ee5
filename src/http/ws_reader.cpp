#include "http/ws_reader.hpp"

#include "domain/utf8.hpp"
#include "live/frame.hpp"

namespace tribune::http {
namespace {

constexpr std::uint8_t kContinuation = 0x0;
constexpr std::uint8_t kBinary = 0x2;
constexpr std::uint16_t kNoStatus = 1005;

bool is_control(std::uint8_t opcode) { return opcode & 0x8; }

// Codes a peer may send (RFC 6455 section 7.4): the defined ones, and the registered and private ranges.
bool valid_close_code(std::uint16_t code) {
    if (code >= 3000 && code <= 4999) return true;
    if (code < 1000 || code > 1014) return false;
    return code != 1004 && code != 1005 && code != 1006;
}

std::uint8_t byte_at(const std::string& s, std::size_t i) { return static_cast<std::uint8_t>(s[i]); }

}  // namespace

WsRead WsReader::fail(WsClose code) {
    failed_ = static_cast<std::uint16_t>(code);
    pending_.clear();
    message_.clear();
    WsRead r;
    r.kind = WsRead::Kind::kFailed;
    r.close_code = failed_;
    return r;
}

WsRead WsReader::next() {
    if (failed_) return fail(static_cast<WsClose>(failed_));
    for (;;) {
        if (pending_.size() < 2) return {};
        const std::uint8_t b0 = byte_at(pending_, 0);
        const std::uint8_t b1 = byte_at(pending_, 1);
        const bool fin = b0 & 0x80;
        const std::uint8_t opcode = b0 & 0x0f;
        if (b0 & 0x70) return fail(WsClose::kProtocolError);  // no extension was agreed
        if (!(b1 & 0x80)) return fail(WsClose::kProtocolError);  // clients must mask
        if (opcode > kBinary && opcode != kWsClose && opcode != kWsPing && opcode != kWsPong)
            return fail(WsClose::kProtocolError);
        std::uint64_t length = b1 & 0x7f;
        std::size_t header = 2;
        if (length == 126) {
            if (pending_.size() < 4) return {};
            length = (std::uint64_t{byte_at(pending_, 2)} << 8) | byte_at(pending_, 3);
            if (length < 126) return fail(WsClose::kProtocolError);
            header = 4;
        } else if (length == 127) {
            if (pending_.size() < 10) return {};
            length = 0;
            for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | byte_at(pending_, i);
            if (length < 65536 || (length >> 63)) return fail(WsClose::kProtocolError);
            header = 10;
        }
        if (is_control(opcode)) {
            if (!fin || length > 125) return fail(WsClose::kProtocolError);
        } else {
            if ((opcode == kContinuation) != in_message_) return fail(WsClose::kProtocolError);
            // Refused from its header: an oversized message is never buffered.
            if (length > max_message_bytes_ - message_.size()) return fail(WsClose::kTooBig);
        }
        if (pending_.size() - header < 4 + length) return {};
        const std::size_t at = header + 4;
        std::string payload = pending_.substr(at, static_cast<std::size_t>(length));
        for (std::size_t i = 0; i < payload.size(); ++i) payload[i] ^= pending_[header + (i & 3)];
        pending_.erase(0, at + static_cast<std::size_t>(length));

        if (is_control(opcode)) {
            WsRead r;
            r.payload = std::move(payload);
            if (opcode == kWsPing) r.kind = WsRead::Kind::kPing;
            if (opcode == kWsPong) r.kind = WsRead::Kind::kPong;
            if (opcode != kWsClose) return r;
            r.kind = WsRead::Kind::kClose;
            r.close_code = kNoStatus;
            if (r.payload.size() == 1) return fail(WsClose::kProtocolError);
            if (r.payload.size() >= 2) {
                r.close_code = static_cast<std::uint16_t>((std::uint8_t(r.payload[0]) << 8) | std::uint8_t(r.payload[1]));
                if (!valid_close_code(r.close_code)) return fail(WsClose::kProtocolError);
                if (!domain::is_valid_utf8(std::string_view(r.payload).substr(2)))
                    return fail(WsClose::kInvalidData);
            }
            return r;
        }
        if (opcode != kContinuation) {
            in_message_ = true;
            text_ = opcode == kWsText;
        }
        message_ += payload;
        if (!fin) continue;
        in_message_ = false;
        WsRead r;
        r.kind = text_ ? WsRead::Kind::kText : WsRead::Kind::kBinary;
        r.payload = std::move(message_);
        message_.clear();
        if (text_ && !domain::is_valid_utf8(r.payload)) return fail(WsClose::kInvalidData);
        return r;
    }
}

std::string ws_frame(std::uint8_t opcode, std::string_view payload) {
    std::string out;
    out.reserve(payload.size() + 10);
    live::append_websocket_header(out, opcode, payload.size());
    out += payload;
    return out;
}

std::string ws_close_frame(std::uint16_t code) {
    if (code == kNoStatus) return ws_frame(kWsClose, {});
    const char body[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xff)};
    return ws_frame(kWsClose, std::string_view(body, 2));
}

}  // namespace tribune::http
