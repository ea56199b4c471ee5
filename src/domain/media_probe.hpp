#pragma once
// The facts a page needs about an uploaded file, read from its bytes: its format, its duration
// (MP4/M4A from mvhd, WebM from Info's Duration and TimecodeScale, MP3 from a Xing/Info header
// or by counting frames, Ogg from the last granule position of a Vorbis or Opus stream) and an
// image's width and height (JPEG, PNG, WebP, GIF). Pure: every length read from the file is
// checked against its size and every walk advances and is capped, so malformed input answers
// "unknown" (nullopt), never crashes or loops.

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/media_format.hpp"

namespace tribune::domain {

struct MediaFacts {
    MediaFormat format = MediaFormat::kUnknown;
    std::optional<double> duration_seconds;  // video and audio, when the file says
    std::optional<std::uint32_t> width;      // images, when the header says (both or neither)
    std::optional<std::uint32_t> height;
};

/// Sniffs `bytes` (sniff_media) and reads what its format allows.
MediaFacts probe_media(std::string_view bytes);

/// The readers, one per format, for the tests; each answers nullopt when it cannot tell.
std::optional<double> mp4_duration(std::string_view bytes);
std::optional<double> webm_duration(std::string_view bytes);
std::optional<double> mp3_duration(std::string_view bytes);
std::optional<double> ogg_duration(std::string_view bytes);
struct ImageSize {
    std::uint32_t width = 0;
    std::uint32_t height = 0;
};
std::optional<ImageSize> image_size(MediaFormat format, std::string_view bytes);

/// A duration as the whole seconds pages show: rounded, and at least 1 for any positive length.
std::int32_t whole_seconds(double seconds);

}  // namespace tribune::domain
