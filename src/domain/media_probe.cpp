#include "domain/media_probe.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "domain/media_bytes.hpp"
#include "domain/media_containers.hpp"

namespace tribune::domain {
namespace mb = media_bytes;
namespace mc = media_containers;

namespace {

// A duration worth reporting: finite, not negative, under a year (a bigger one is a broken file).
std::optional<double> plausible(double seconds) {
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 366.0 * 24 * 3600) return std::nullopt;
    return seconds;
}

// An ISO BMFF box: its type, where its content starts and where it ends.
struct Box {
    std::string_view type;
    std::size_t content = 0;
    std::size_t end = 0;
};

std::optional<Box> box_at(std::string_view b, std::size_t at, std::size_t limit) {
    const auto size32 = mb::be(b, at, 4);
    if (!size32 || !mb::has(b, at + 4, 4)) return std::nullopt;
    Box box;
    box.type = b.substr(at + 4, 4);
    std::uint64_t size = *size32;
    std::size_t header = 8;
    if (size == 1) {  // a 64-bit size follows the type
        const auto large = mb::be(b, at + 8, 8);
        if (!large) return std::nullopt;
        size = *large;
        header = 16;
    } else if (size == 0) {  // to the end of the enclosing space
        size = limit - at;
    }
    if (size < header || size > limit - at) return std::nullopt;
    box.content = at + header;
    box.end = at + static_cast<std::size_t>(size);
    return box;
}

// The first box of `type` among the boxes from `at` to `limit`.
std::optional<Box> find_box(std::string_view b, std::size_t at, std::size_t limit, std::string_view type) {
    for (int i = 0; i < 100000 && at < limit; ++i) {
        const auto box = box_at(b, at, limit);
        if (!box) return std::nullopt;
        if (box->type == type) return box;
        at = box->end;  // a box is at least 8 bytes: every step advances
    }
    return std::nullopt;
}

std::optional<double> ebml_float(std::string_view b, std::size_t at, std::uint64_t size) {
    if (size == 4) {
        const auto raw = mb::be(b, at, 4);
        if (!raw) return std::nullopt;
        return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(*raw)));
    }
    if (size == 8) {
        const auto raw = mb::be(b, at, 8);
        if (!raw) return std::nullopt;
        return std::bit_cast<double>(*raw);
    }
    return std::nullopt;
}

// The first layer III frame after the ID3v2 tag: looked for in the next 4 KiB (some encoders
// pad), and only where the frame after it is valid too (or the file ends with it).
std::optional<std::size_t> first_mpeg_frame(std::string_view b) {
    const auto tag = mc::id3v2_length(b);
    if (!tag || *tag >= b.size()) return std::nullopt;
    const std::size_t end = std::min(b.size(), *tag + 4096);
    for (std::size_t at = *tag; at < end; ++at) {
        const auto f = mc::mpeg_frame_at(b, at);
        if (!f) continue;
        if (at + f->length >= b.size() || mc::mpeg_frame_at(b, at + f->length)) return at;
    }
    return std::nullopt;
}

}  // namespace

std::optional<double> mp4_duration(std::string_view b) {
    const auto moov = find_box(b, 0, b.size(), "moov");
    if (!moov) return std::nullopt;
    const auto mvhd = find_box(b, moov->content, moov->end, "mvhd");
    if (!mvhd || !mb::has(b, mvhd->content, 4)) return std::nullopt;
    const std::size_t c = mvhd->content;
    const auto version = mb::byte(b, c);
    std::optional<std::uint64_t> timescale, duration;
    if (version == 0) {
        timescale = mb::be(b, c + 12, 4);
        duration = mb::be(b, c + 16, 4);
    } else if (version == 1) {
        timescale = mb::be(b, c + 20, 4);
        duration = mb::be(b, c + 24, 8);
    }
    if (!timescale || !duration || *timescale == 0 || c + (version == 0 ? 20 : 32) > mvhd->end) return std::nullopt;
    if (*duration == (version == 0 ? 0xFFFFFFFFull : ~0ull)) return std::nullopt;  // "unknown"
    return plausible(static_cast<double>(*duration) / static_cast<double>(*timescale));
}

std::optional<double> webm_duration(std::string_view b) {
    const auto header = mc::ebml_element_at(b, 0);
    if (!header || header->id != 0x1A45DFA3 || !header->size || !mb::has(b, header->data, *header->size))
        return std::nullopt;
    std::size_t at = header->data + static_cast<std::size_t>(*header->size);
    // The Segment: the next top-level element that is one (Void elements may come first).
    std::optional<mc::EbmlElement> segment;
    for (int i = 0; i < 16 && !segment; ++i) {
        const auto e = mc::ebml_element_at(b, at);
        if (!e) return std::nullopt;
        if (e->id == 0x18538067) segment = e;
        else if (!e->size || !mb::has(b, e->data, *e->size)) return std::nullopt;
        else at = e->data + static_cast<std::size_t>(*e->size);
    }
    if (!segment) return std::nullopt;
    const std::size_t segment_end =
        segment->size && mb::has(b, segment->data, *segment->size) ? segment->data + static_cast<std::size_t>(*segment->size)
                                                                   : b.size();
    at = segment->data;
    for (int i = 0; i < 100000 && at < segment_end; ++i) {
        const auto e = mc::ebml_element_at(b, at);
        if (!e || !e->size || !mb::has(b, e->data, *e->size)) return std::nullopt;  // a Cluster of unknown size: no Info before it
        const std::size_t end = e->data + static_cast<std::size_t>(*e->size);
        if (e->id == 0x1549A966) {  // Info
            std::uint64_t scale = 1000000;  // TimecodeScale's default: a millisecond, in nanoseconds
            std::optional<double> duration;
            for (std::size_t c = e->data; c < end;) {
                const auto child = mc::ebml_element_at(b, c);
                if (!child || !child->size || child->data + *child->size > end) return std::nullopt;
                if (child->id == 0x2AD7B1) {
                    const auto v = *child->size >= 1 ? mb::be(b, child->data, static_cast<std::size_t>(*child->size))
                                                     : std::nullopt;
                    if (!v || *v == 0) return std::nullopt;
                    scale = *v;
                } else if (child->id == 0x4489) {
                    duration = ebml_float(b, child->data, *child->size);
                    if (!duration) return std::nullopt;
                }
                c = child->data + static_cast<std::size_t>(*child->size);  // past its header: advances
            }
            if (!duration) return std::nullopt;
            return plausible(*duration * static_cast<double>(scale) / 1e9);
        }
        at = end;
    }
    return std::nullopt;
}

std::optional<double> mp3_duration(std::string_view b) {
    const auto start = first_mpeg_frame(b);
    if (!start) return std::nullopt;
    const auto first = *mc::mpeg_frame_at(b, *start);
    // A Xing (VBR) or Info (CBR) header in the first frame counts the frames.
    const std::size_t side_info = first.mpeg1 ? (first.mono ? 17 : 32) : (first.mono ? 9 : 17);
    const std::size_t xing = *start + 4 + side_info;
    if (mb::starts(b, xing, "Xing") || mb::starts(b, xing, "Info")) {
        const auto flags = mb::be(b, xing + 4, 4);
        const auto frames = flags && (*flags & 1) ? mb::be(b, xing + 8, 4) : std::nullopt;
        if (frames && *frames > 0)
            return plausible(static_cast<double>(*frames) * first.samples / first.sample_rate);
    }
    // Otherwise count the frames: each is longer than its 4-byte header, so the walk ends.
    double seconds = 0;
    std::size_t at = *start;
    while (at < b.size()) {
        const auto f = mc::mpeg_frame_at(b, at);
        if (!f) break;
        seconds += static_cast<double>(f->samples) / f->sample_rate;
        at += f->length;
    }
    return plausible(seconds);
}

std::optional<double> ogg_duration(std::string_view b) {
    const auto first = mc::ogg_page_at(b, 0);
    if (!first) return std::nullopt;
    const std::string_view head = b.substr(first->body, first->body_length);
    double rate = 0;
    std::uint64_t pre_skip = 0;
    if (mb::starts(head, 0, "\x01vorbis")) {
        const auto r = mb::le(head, 12, 4);
        if (!r || *r == 0) return std::nullopt;
        rate = static_cast<double>(*r);
    } else if (mb::starts(head, 0, "OpusHead")) {
        const auto skip = mb::le(head, 10, 2);
        if (!skip) return std::nullopt;
        pre_skip = *skip;
        rate = 48000;  // Opus granule positions count at 48 kHz whatever the input rate was
    } else {
        return std::nullopt;
    }
    std::optional<std::uint64_t> last;
    for (std::size_t at = 0; at < b.size();) {
        const auto page = mc::ogg_page_at(b, at);
        if (!page) break;
        if (page->serial == first->serial && page->granule != ~0ull) last = page->granule;
        at = page->next;  // a page is at least 27 bytes: every step advances
    }
    if (!last || *last < pre_skip) return std::nullopt;
    return plausible(static_cast<double>(*last - pre_skip) / rate);
}

std::optional<ImageSize> image_size(MediaFormat format, std::string_view b) {
    std::optional<std::uint64_t> w, h;
    switch (format) {
        case MediaFormat::kPng:
            if (!mb::starts(b, 12, "IHDR")) return std::nullopt;
            w = mb::be(b, 16, 4);
            h = mb::be(b, 20, 4);
            break;
        case MediaFormat::kGif:
            w = mb::le(b, 6, 2);
            h = mb::le(b, 8, 2);
            break;
        case MediaFormat::kWebp:
            if (mb::starts(b, 12, "VP8 ") && mb::starts(b, 23, "\x9D\x01\x2A")) {
                const auto rw = mb::le(b, 26, 2), rh = mb::le(b, 28, 2);
                if (rw && rh) w = *rw & 0x3FFF, h = *rh & 0x3FFF;
            } else if (mb::starts(b, 12, "VP8L") && mb::has(b, 20, 1) && mb::byte(b, 20) == 0x2F) {
                if (const auto bits = mb::le(b, 21, 4)) w = (*bits & 0x3FFF) + 1, h = ((*bits >> 14) & 0x3FFF) + 1;
            } else if (mb::starts(b, 12, "VP8X")) {
                const auto rw = mb::le(b, 24, 3), rh = mb::le(b, 27, 3);
                if (rw && rh) w = *rw + 1, h = *rh + 1;
            }
            break;
        case MediaFormat::kJpeg: {
            std::size_t at = 2;
            while (mb::has(b, at, 4)) {  // every step advances by at least 2 bytes
                if (mb::byte(b, at) != 0xFF) return std::nullopt;
                const auto marker = mb::byte(b, at + 1);
                if (marker == 0xFF) {  // fill byte
                    ++at;
                    continue;
                }
                if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
                    at += 2;
                    continue;
                }
                if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // the image ends before any frame
                const auto len = mb::be(b, at + 2, 2);
                if (!len || *len < 2) return std::nullopt;
                const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (sof) {
                    h = mb::be(b, at + 5, 2);
                    w = mb::be(b, at + 7, 2);
                    break;
                }
                at += 2 + static_cast<std::size_t>(*len);
            }
            break;
        }
        default: return std::nullopt;
    }
    if (!w || !h || *w == 0 || *h == 0 || *w > 0x7FFFFFFF || *h > 0x7FFFFFFF) return std::nullopt;
    return ImageSize{static_cast<std::uint32_t>(*w), static_cast<std::uint32_t>(*h)};
}

MediaFacts probe_media(std::string_view b) {
    MediaFacts facts;
    facts.format = sniff_media(b);
    switch (facts.format) {
        case MediaFormat::kMp4:
        case MediaFormat::kM4a: facts.duration_seconds = mp4_duration(b); break;
        case MediaFormat::kWebm: facts.duration_seconds = webm_duration(b); break;
        case MediaFormat::kMp3: facts.duration_seconds = mp3_duration(b); break;
        case MediaFormat::kOgg: facts.duration_seconds = ogg_duration(b); break;
        case MediaFormat::kJpeg:
        case MediaFormat::kPng:
        case MediaFormat::kWebp:
        case MediaFormat::kGif:
            if (const auto size = image_size(facts.format, b)) {
                facts.width = size->width;
                facts.height = size->height;
            }
            break;
        case MediaFormat::kUnknown: break;
    }
    return facts;
}

std::int32_t whole_seconds(double seconds) {
    if (!(seconds > 0)) return 0;
    const double r = std::min(std::round(seconds), 2147483647.0);
    return r < 1 ? 1 : static_cast<std::int32_t>(r);
}

}  // namespace tribune::domain
