#pragma once
// What kind of file an upload is, decided from its first bytes only: never from its name or the
// Content-Type the client declared (those are checked against it). Pure and bounded: a few
// header reads, no loops over the input except the bounded ones in media_probe.cpp.

#include <optional>
#include <string_view>

namespace tribune::domain {

/// The formats the media library takes. Nothing else is ever stored or served (no SVG, no HTML).
enum class MediaFormat { kUnknown, kJpeg, kPng, kWebp, kGif, kMp4, kM4a, kWebm, kMp3, kOgg };

/// "image", "video" or "audio"; "" for kUnknown.
std::string_view media_kind(MediaFormat f);
/// The Content-Type media is served with: "image/jpeg", "video/mp4", "audio/mp4", ...
std::string_view media_content_type(MediaFormat f);
/// The file extension of its URL, without the dot: "jpg", "png", "webp", "gif", "mp4", "m4a",
/// "webm", "mp3", "ogg".
std::string_view media_extension(MediaFormat f);
/// The format whose extension is `ext` (exact, lower case); nullopt otherwise.
std::optional<MediaFormat> media_format_of_extension(std::string_view ext);
/// The format of a served Content-Type (media_content_type's inverse); kUnknown otherwise.
MediaFormat media_format_of_content_type(std::string_view served);

/// The format `bytes` start with: JPEG (FF D8 FF), PNG (its signature), WebP (RIFF....WEBP),
/// GIF (GIF87a/GIF89a), MP4 or M4A (an ftyp box; M4A by its M4A/M4B brand), WebM (an EBML
/// header whose DocType is "webm"), MP3 (an ID3v2 tag or two MPEG audio layer III frames in a
/// row), Ogg (an OggS page). kUnknown for anything else.
MediaFormat sniff_media(std::string_view bytes);

/// Whether a client's declared Content-Type agrees with the sniffed format: its media type
/// (parameters and case ignored) names that format or a near relative (audio/mp4 for an MP4,
/// audio/webm for a WebM, audio/x-m4a, audio/mp3, application/ogg...). An absent type or
/// application/octet-stream declares nothing and agrees.
bool declared_type_agrees(std::string_view declared, MediaFormat sniffed);

}  // namespace tribune::domain
