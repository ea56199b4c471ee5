#include "domain/media_format.hpp"

#include <array>
#include <cctype>
#include <string>

#include "domain/media_bytes.hpp"
#include "domain/media_containers.hpp"

namespace tribune::domain {
namespace mb = media_bytes;
namespace mc = media_containers;

namespace {

struct FormatInfo {
    MediaFormat format;
    std::string_view kind;
    std::string_view content_type;
    std::string_view extension;
};

constexpr std::array<FormatInfo, 9> kFormats{{
    {MediaFormat::kJpeg, "image", "image/jpeg", "jpg"},
    {MediaFormat::kPng, "image", "image/png", "png"},
    {MediaFormat::kWebp, "image", "image/webp", "webp"},
    {MediaFormat::kGif, "image", "image/gif", "gif"},
    {MediaFormat::kMp4, "video", "video/mp4", "mp4"},
    {MediaFormat::kM4a, "audio", "audio/mp4", "m4a"},
    {MediaFormat::kWebm, "video", "video/webm", "webm"},
    {MediaFormat::kMp3, "audio", "audio/mpeg", "mp3"},
    {MediaFormat::kOgg, "audio", "audio/ogg", "ogg"},
}};

const FormatInfo* info(MediaFormat f) {
    for (const auto& i : kFormats)
        if (i.format == f) return &i;
    return nullptr;
}

// The ftyp box's brands that mean audio only.
bool audio_brand(std::string_view brand) { return brand == "M4A " || brand == "M4B " || brand == "M4P "; }

MediaFormat sniff_mp4(std::string_view b) {
    if (!mb::starts(b, 4, "ftyp") || !mb::has(b, 0, 12)) return MediaFormat::kUnknown;
    const auto size = *mb::be(b, 0, 4);
    if (size < 12 || size > 4096) return MediaFormat::kUnknown;  // an ftyp box is small
    for (std::size_t i = 8; i < 12; ++i)
        if (!std::isprint(mb::byte(b, i))) return MediaFormat::kUnknown;
    return audio_brand(b.substr(8, 4)) ? MediaFormat::kM4a : MediaFormat::kMp4;
}

MediaFormat sniff_mp3(std::string_view b) {
    const auto tag = mc::id3v2_length(b);
    if (!tag) return MediaFormat::kUnknown;
    if (*tag > 0) return MediaFormat::kMp3;  // an ID3v2 tag is only ever in front of MPEG audio here
    // Bare frames: two valid layer III headers in a row, so random bytes rarely pass.
    const auto first = mc::mpeg_frame_at(b, 0);
    if (!first) return MediaFormat::kUnknown;
    if (b.size() <= first->length) return MediaFormat::kMp3;  // a single frame is the whole file
    const auto second = mc::mpeg_frame_at(b, first->length);
    return second ? MediaFormat::kMp3 : MediaFormat::kUnknown;
}

std::string lower_media_type(std::string_view declared) {
    const auto semi = declared.find(';');
    std::string_view t = declared.substr(0, semi);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
    std::string out(t.substr(0, 100));
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

std::string_view media_kind(MediaFormat f) {
    const auto* i = info(f);
    return i ? i->kind : std::string_view{};
}

std::string_view media_content_type(MediaFormat f) {
    const auto* i = info(f);
    return i ? i->content_type : std::string_view{};
}

std::string_view media_extension(MediaFormat f) {
    const auto* i = info(f);
    return i ? i->extension : std::string_view{};
}

std::optional<MediaFormat> media_format_of_extension(std::string_view ext) {
    for (const auto& i : kFormats)
        if (i.extension == ext) return i.format;
    return std::nullopt;
}

MediaFormat media_format_of_content_type(std::string_view served) {
    for (const auto& i : kFormats)
        if (i.content_type == served) return i.format;
    return MediaFormat::kUnknown;
}

MediaFormat sniff_media(std::string_view b) {
    if (mb::starts(b, 0, "\xFF\xD8\xFF")) return MediaFormat::kJpeg;
    if (mb::starts(b, 0, "\x89PNG\r\n\x1A\n")) return MediaFormat::kPng;
    if (mb::starts(b, 0, "RIFF") && mb::starts(b, 8, "WEBP")) return MediaFormat::kWebp;
    if (mb::starts(b, 0, "GIF87a") || mb::starts(b, 0, "GIF89a")) return MediaFormat::kGif;
    if (mb::starts(b, 0, "OggS") && mc::ogg_page_at(b, 0)) return MediaFormat::kOgg;
    if (mb::starts(b, 0, "\x1A\x45\xDF\xA3")) {
        const auto doc = mc::ebml_doc_type(b);
        return doc && *doc == "webm" ? MediaFormat::kWebm : MediaFormat::kUnknown;
    }
    if (const auto mp4 = sniff_mp4(b); mp4 != MediaFormat::kUnknown) return mp4;
    return sniff_mp3(b);
}

bool declared_type_agrees(std::string_view declared, MediaFormat sniffed) {
    const std::string t = lower_media_type(declared);
    if (t.empty() || t == "application/octet-stream") return true;
    switch (sniffed) {
        case MediaFormat::kJpeg: return t == "image/jpeg" || t == "image/jpg" || t == "image/pjpeg";
        case MediaFormat::kPng: return t == "image/png";
        case MediaFormat::kWebp: return t == "image/webp";
        case MediaFormat::kGif: return t == "image/gif";
        case MediaFormat::kMp4:
        case MediaFormat::kM4a:
            return t == "video/mp4" || t == "audio/mp4" || t == "audio/x-m4a" || t == "audio/m4a" ||
                   t == "video/x-m4v" || t == "application/mp4";
        case MediaFormat::kWebm: return t == "video/webm" || t == "audio/webm";
        case MediaFormat::kMp3: return t == "audio/mpeg" || t == "audio/mp3" || t == "audio/mpeg3";
        case MediaFormat::kOgg:
            return t == "audio/ogg" || t == "application/ogg" || t == "audio/opus" || t == "audio/vorbis" ||
                   t == "video/ogg";
        case MediaFormat::kUnknown: return false;
    }
    return false;
}

}  // namespace tribune::domain
