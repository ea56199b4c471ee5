#include "domain/media_containers.hpp"

#include <algorithm>

#include "domain/media_bytes.hpp"

namespace tribune::domain::media_containers {
namespace mb = media_bytes;

namespace {

// Kilobits per second by bitrate index (0 is "free format", 15 is invalid): layer III.
constexpr std::uint32_t kMpeg1Kbps[16] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 0};
constexpr std::uint32_t kMpeg2Kbps[16] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, 0};
constexpr std::uint32_t kMpeg1Rates[3] = {44100, 48000, 32000};

}  // namespace

std::optional<MpegFrame> mpeg_frame_at(std::string_view b, std::size_t at) {
    const auto h = mb::be(b, at, 4);
    if (!h) return std::nullopt;
    const auto v = static_cast<std::uint32_t>(*h);
    if ((v >> 21) != 0x7FF) return std::nullopt;  // frame sync: 11 set bits
    const std::uint32_t version = (v >> 19) & 3;  // 0: MPEG-2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
    const std::uint32_t layer = (v >> 17) & 3;    // 1: layer III
    const std::uint32_t bitrate = (v >> 12) & 15;
    const std::uint32_t rate = (v >> 10) & 3;
    if (version == 1 || layer != 1 || bitrate == 0 || bitrate == 15 || rate == 3) return std::nullopt;
    MpegFrame f;
    f.mpeg1 = version == 3;
    f.sample_rate = kMpeg1Rates[rate] / (f.mpeg1 ? 1 : version == 2 ? 2 : 4);
    f.samples = f.mpeg1 ? 1152 : 576;
    const std::uint32_t kbps = (f.mpeg1 ? kMpeg1Kbps : kMpeg2Kbps)[bitrate];
    const std::uint32_t padding = (v >> 9) & 1;
    f.length = (f.mpeg1 ? 144000u : 72000u) * kbps / f.sample_rate + padding;
    f.mono = ((v >> 6) & 3) == 3;
    if (f.length <= 4) return std::nullopt;
    return f;
}

std::optional<std::size_t> id3v2_length(std::string_view b) {
    if (!mb::starts(b, 0, "ID3")) return 0;
    if (!mb::has(b, 0, 10)) return std::nullopt;
    std::size_t size = 0;
    for (std::size_t i = 6; i < 10; ++i) {
        const auto c = mb::byte(b, i);
        if (c & 0x80) return std::nullopt;  // a syncsafe integer: 7 bits a byte
        size = (size << 7) | c;
    }
    const bool footer = (mb::byte(b, 5) & 0x10) != 0;
    return 10 + size + (footer ? 10 : 0);
}

std::optional<EbmlElement> ebml_element_at(std::string_view b, std::size_t at) {
    if (!mb::has(b, at, 1)) return std::nullopt;
    // The id: 1 to 4 bytes, its length marked by the first set bit; kept with its marker.
    const auto first = mb::byte(b, at);
    std::size_t id_len = 0;
    for (std::size_t i = 0; i < 4; ++i)
        if (first & (0x80 >> i)) {
            id_len = i + 1;
            break;
        }
    if (id_len == 0) return std::nullopt;
    const auto id = mb::be(b, at, id_len);
    if (!id) return std::nullopt;
    // The size: 1 to 8 bytes, marker bit cleared; all ones means "unknown".
    const std::size_t s = at + id_len;
    if (!mb::has(b, s, 1)) return std::nullopt;
    const auto lead = mb::byte(b, s);
    std::size_t size_len = 0;
    for (std::size_t i = 0; i < 8; ++i)
        if (lead & (0x80 >> i)) {
            size_len = i + 1;
            break;
        }
    if (size_len == 0) return std::nullopt;
    const auto raw = mb::be(b, s, size_len);
    if (!raw) return std::nullopt;
    const int bits = static_cast<int>(7 * size_len);
    const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
    EbmlElement e;
    e.id = static_cast<std::uint32_t>(*id);
    e.data = s + size_len;
    const std::uint64_t value = *raw & mask;
    if (value != mask) e.size = value;
    return e;
}

std::optional<std::string_view> ebml_doc_type(std::string_view b) {
    const auto header = ebml_element_at(b, 0);
    if (!header || header->id != 0x1A45DFA3 || !header->size) return std::nullopt;
    const std::size_t end = header->data + static_cast<std::size_t>(std::min<std::uint64_t>(*header->size, b.size()));
    if (end > b.size()) return std::nullopt;
    std::size_t at = header->data;
    for (int i = 0; i < 64 && at < end; ++i) {  // the header holds a handful of elements
        const auto e = ebml_element_at(b, at);
        if (!e || !e->size || !mb::has(b, e->data, *e->size) || e->data + *e->size > end) return std::nullopt;
        if (e->id == 0x4282) return b.substr(e->data, static_cast<std::size_t>(*e->size));
        at = e->data + static_cast<std::size_t>(*e->size);
    }
    return std::nullopt;
}

std::optional<OggPage> ogg_page_at(std::string_view b, std::size_t at) {
    if (!mb::starts(b, at, "OggS") || !mb::has(b, at, 27)) return std::nullopt;
    if (mb::byte(b, at + 4) != 0) return std::nullopt;  // stream structure version 0
    OggPage p;
    p.granule = *mb::le(b, at + 6, 8);
    p.serial = static_cast<std::uint32_t>(*mb::le(b, at + 14, 4));
    const std::size_t segments = mb::byte(b, at + 26);
    if (!mb::has(b, at + 27, segments)) return std::nullopt;
    std::size_t length = 0;
    for (std::size_t i = 0; i < segments; ++i) length += mb::byte(b, at + 27 + i);
    p.body = at + 27 + segments;
    if (!mb::has(b, p.body, length)) return std::nullopt;
    p.body_length = length;
    p.next = p.body + length;
    return p;
}

}  // namespace tribune::domain::media_containers
