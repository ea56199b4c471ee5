// Bytes from a WebSocket client go straight into WsReader. Input: byte 0 picks how the bytes
// arrive (chunk size) and the message limit; the rest is the stream. The reader must give the
// same messages however the bytes are split, and every message it gives must obey RFC 6455 and
// the limit.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "domain/utf8.hpp"
#include "http/ws_reader.hpp"

using namespace tribune;
using http::WsRead;

namespace {

constexpr std::size_t kProductionLimit = 4096;  // ws_session.cpp's kMaxClientMessageBytes

bool valid_close_code(std::uint16_t c) {
    return c == 1005 || (c >= 3000 && c <= 4999) || (c >= 1000 && c <= 1014 && c != 1004 && c != 1006);
}

void check_read(const WsRead& r, std::size_t limit, std::string_view stream) {
    switch (r.kind) {
        case WsRead::Kind::kText:
            fuzz::check(domain::is_valid_utf8(r.payload), "text message is not UTF-8", stream);
            [[fallthrough]];
        case WsRead::Kind::kBinary:
            fuzz::check(r.payload.size() <= limit, "message over the limit", stream);
            break;
        case WsRead::Kind::kPing:
        case WsRead::Kind::kPong:
            fuzz::check(r.payload.size() <= 125, "control frame over 125 bytes", stream);
            break;
        case WsRead::Kind::kClose:
            fuzz::check(r.payload.size() <= 125 && valid_close_code(r.close_code), "bad close frame", stream);
            break;
        case WsRead::Kind::kFailed:
            fuzz::check(r.close_code == 1002 || r.close_code == 1007 || r.close_code == 1009, "bad failure code",
                        stream);
            break;
        case WsRead::Kind::kMore: break;
    }
}

// Feeds `stream` in chunks of `chunk` bytes, as reads from the socket; returns every result but kMore.
std::vector<WsRead> read_all(std::string_view stream, std::size_t chunk, std::size_t limit) {
    http::WsReader reader(limit);
    std::vector<WsRead> out;
    for (std::size_t at = 0; at < stream.size(); at += chunk) {
        reader.append(stream.substr(at, chunk));
        for (;;) {
            WsRead r = reader.next();
            check_read(r, limit, stream);
            if (r.kind == WsRead::Kind::kMore) break;
            const bool failed = r.kind == WsRead::Kind::kFailed;
            out.push_back(std::move(r));
            if (failed) {
                fuzz::check(reader.next().kind == WsRead::Kind::kFailed, "reader recovered after failing", stream);
                return out;
            }
        }
    }
    return out;
}

bool same(const WsRead& a, const WsRead& b) {
    return a.kind == b.kind && a.payload == b.payload && a.close_code == b.close_code;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = (data[0] & 0x0f) + 1;
    const std::size_t limit = data[0] & 0x10 ? 64 : kProductionLimit;  // small: the limit is reached
    const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

    const auto whole = read_all(stream, stream.size() + 1, limit);
    const auto split = read_all(stream, chunk, limit);
    fuzz::check(whole.size() == split.size(), "message count depends on how the bytes arrive", stream);
    for (std::size_t i = 0; i < whole.size(); ++i)
        fuzz::check(same(whole[i], split[i]), "a message depends on how the bytes arrive", stream);
    return 0;
}
