#pragma once
// Small media files built byte by byte, for the tests of the media readers and the media store:
// just enough structure for each format's header reader (no real pictures or sound).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tribune::test::media {

inline void put_be(std::string& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
inline void put_le(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

/// An ISO BMFF box.
inline std::string box(std::string_view type, std::string_view content) {
    std::string out;
    put_be(out, 8 + content.size(), 4);
    out += type;
    out += content;
    return out;
}

/// An MP4 (or M4A with brand "M4A ") whose mvhd says `duration` in `timescale` units; the moov
/// box after an mdat, as many encoders write it. `version1`: the 64-bit mvhd.
inline std::string mp4(std::uint32_t timescale, std::uint64_t duration, std::string_view brand = "isom",
                       bool version1 = false) {
    std::string ftyp(brand);
    put_be(ftyp, 512, 4);
    ftyp += "isomiso2mp41";
    std::string mvhd;
    mvhd.push_back(static_cast<char>(version1 ? 1 : 0));
    mvhd.append(3, '\0');
    if (version1) {
        put_be(mvhd, 0, 8);
        put_be(mvhd, 0, 8);
        put_be(mvhd, timescale, 4);
        put_be(mvhd, duration, 8);
    } else {
        put_be(mvhd, 0, 4);
        put_be(mvhd, 0, 4);
        put_be(mvhd, timescale, 4);
        put_be(mvhd, duration, 4);
    }
    mvhd.append(80, '\0');  // rate, volume, matrix, next track id...
    return box("ftyp", ftyp) + box("free", "") + box("mdat", std::string(64, '\x5A')) +
           box("moov", box("mvhd", mvhd) + box("trak", std::string(16, '\0')));
}

/// An EBML element with a one-byte... eight-byte size as needed.
inline std::string ebml(std::uint32_t id, std::string_view data) {
    std::string out;
    int id_len = id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;
    put_be(out, id, id_len);
    out.push_back(static_cast<char>(0x01));  // an 8-byte size: marker 0x01 then 7 bytes
    put_be(out, data.size(), 7);
    out += data;
    return out;
}
inline std::string ebml_uint(std::uint32_t id, std::uint64_t v) {
    std::string d;
    put_be(d, v, 4);
    return ebml(id, d);
}
inline std::string ebml_double(std::uint32_t id, double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    std::string d;
    put_be(d, bits, 8);
    return ebml(id, d);
}

/// A WebM whose Info says `duration` ticks of `scale` nanoseconds, followed by a Cluster of
/// unknown size, as live encoders write.
inline std::string webm(double duration, std::uint64_t scale = 1000000, std::string_view doc_type = "webm") {
    const std::string header = ebml(0x1A45DFA3, ebml_uint(0x4286, 1) + ebml(0x4282, doc_type));
    const std::string info = ebml(0x1549A966, ebml_uint(0x2AD7B1, scale) + ebml_double(0x4489, duration) +
                                                  ebml(0x4D80, "tribune-test"));
    std::string cluster = "\x1F\x43\xB6\x75\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF";  // Cluster, unknown size
    cluster += std::string(32, '\x11');
    std::string segment = "\x18\x53\x80\x67\x01\xFF\xFF\xFF\xFF\xFF\xFF\xFF";   // Segment, unknown size
    return header + segment + ebml(0x114D9B74, "") + info + cluster;
}

/// One MPEG-1 layer III frame at 128 kbps, 44.1 kHz, stereo: 417 bytes, 1152 samples. When
/// `xing_frames` > 0 its side info is followed by a Xing header counting that many frames.
inline std::string mp3_frame(std::uint32_t xing_frames = 0, std::string_view tag = "Xing") {
    std::string f("\xFF\xFB\x90\x00", 4);
    f.append(32, '\0');  // side info
    if (xing_frames > 0) {
        f += tag;
        put_be(f, 1, 4);  // flags: the frame count is present
        put_be(f, xing_frames, 4);
    }
    f.resize(417, '\0');
    return f;
}

/// An MP3 of `frames` frames (about 26 ms each), optionally behind an ID3v2 tag, optionally with
/// a Xing header that says `xing_frames`.
inline std::string mp3(int frames, bool id3 = false, std::uint32_t xing_frames = 0) {
    std::string out;
    if (id3) {
        out = std::string("ID3\x03\x00\x00", 6);
        out += std::string("\x00\x00\x01\x00", 4);  // 128 bytes of tag, syncsafe
        out.append(128, '\0');
    }
    if (xing_frames > 0) out += mp3_frame(xing_frames);
    for (int i = 0; i < frames; ++i) out += mp3_frame();
    return out;
}

/// One Ogg page (no CRC: the readers do not check it) holding `body` as one packet.
inline std::string ogg_page(std::uint64_t granule, std::uint32_t serial, std::uint32_t sequence, std::string_view body,
                            std::uint8_t flags) {
    std::string out = "OggS";
    out.push_back('\0');
    out.push_back(static_cast<char>(flags));
    put_le(out, granule, 8);
    put_le(out, serial, 4);
    put_le(out, sequence, 4);
    put_le(out, 0, 4);
    std::string lacing;
    std::size_t left = body.size();
    do {
        const std::size_t n = left >= 255 ? 255 : left;
        lacing.push_back(static_cast<char>(n));
        left -= n;
        if (n < 255) break;
    } while (true);
    out.push_back(static_cast<char>(lacing.size()));
    out += lacing;
    out += body;
    return out;
}

/// An Ogg Vorbis stream at `rate` Hz whose last page's granule position is `last_granule`.
inline std::string ogg_vorbis(std::uint32_t rate, std::uint64_t last_granule) {
    std::string id = "\x01vorbis";
    put_le(id, 0, 4);
    id.push_back(2);
    put_le(id, rate, 4);
    id.append(13, '\0');
    id.push_back(1);
    return ogg_page(0, 7, 0, id, 0x02) + ogg_page(last_granule / 2, 7, 1, std::string(100, 'a'), 0) +
           ogg_page(last_granule, 7, 2, std::string(60, 'b'), 0x04);
}

/// An Ogg Opus stream with `pre_skip` whose last granule position is `last_granule` (48 kHz).
inline std::string ogg_opus(std::uint16_t pre_skip, std::uint64_t last_granule) {
    std::string id = "OpusHead";
    id.push_back(1);
    id.push_back(2);
    put_le(id, pre_skip, 2);
    put_le(id, 44100, 4);
    id.append(3, '\0');
    return ogg_page(0, 9, 0, id, 0x02) + ogg_page(~0ull, 9, 1, std::string(20, 'c'), 0) +
           ogg_page(last_granule, 9, 2, std::string(60, 'd'), 0x04);
}

/// A PNG signature and IHDR chunk (no image data).
inline std::string png(std::uint32_t width, std::uint32_t height) {
    std::string out = "\x89PNG\r\n\x1A\n";
    put_be(out, 13, 4);
    out += "IHDR";
    put_be(out, width, 4);
    put_be(out, height, 4);
    out += std::string("\x08\x02\x00\x00\x00", 5);
    put_be(out, 0, 4);  // CRC (not checked)
    return out;
}

inline std::string gif(std::uint16_t width, std::uint16_t height) {
    std::string out = "GIF89a";
    put_le(out, width, 2);
    put_le(out, height, 2);
    out += std::string("\x00\x00\x00;", 4);
    return out;
}

/// A JPEG: SOI, an APP0 segment, a DQT, then a baseline SOF0 with the size.
inline std::string jpeg(std::uint16_t width, std::uint16_t height) {
    std::string out = "\xFF\xD8\xFF\xE0";
    put_be(out, 16, 2);
    out += std::string("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 14);
    out += "\xFF\xDB";
    put_be(out, 67, 2);
    out.append(65, '\x01');
    out += "\xFF\xC0";
    put_be(out, 17, 2);
    out.push_back(8);
    put_be(out, height, 2);
    put_be(out, width, 2);
    out.push_back(3);
    out.append(9, '\x01');
    out += "\xFF\xD9";
    return out;
}

/// A WebP of the given chunk kind: "VP8 ", "VP8L" or "VP8X".
inline std::string webp(std::string_view chunk, std::uint32_t width, std::uint32_t height) {
    std::string data;
    if (chunk == "VP8 ") {
        data += std::string("\x10\x02\x00\x9D\x01\x2A", 6);
        put_le(data, width, 2);
        put_le(data, height, 2);
    } else if (chunk == "VP8L") {
        data.push_back(0x2F);
        put_le(data, static_cast<std::uint64_t>(width - 1) | (static_cast<std::uint64_t>(height - 1) << 14), 4);
    } else {
        put_le(data, 0, 4);
        put_le(data, width - 1, 3);
        put_le(data, height - 1, 3);
    }
    data.append(10, '\0');
    std::string out = "RIFF";
    put_le(out, 4 + 8 + data.size(), 4);
    out += "WEBP";
    out += chunk;
    put_le(out, data.size(), 4);
    out += data;
    return out;
}

}  // namespace tribune::test::media
