#pragma once
// The container structures the media readers walk, shared by sniffing (media_format.cpp) and
// probing (media_probe.cpp): MPEG audio frame headers and ID3v2 tags, EBML elements, Ogg pages.
// Each reads only inside `bytes` and answers nullopt for anything malformed.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tribune::domain::media_containers {

/// An MPEG audio layer III frame header (4 bytes) and what it says.
struct MpegFrame {
    std::size_t length = 0;        // the whole frame in bytes, header included (> 4)
    std::uint32_t samples = 0;     // samples per channel it holds: 1152 (MPEG-1) or 576
    std::uint32_t sample_rate = 0; // Hz
    bool mpeg1 = false;
    bool mono = false;
};
/// The layer III frame whose header starts at `at`, or nullopt.
std::optional<MpegFrame> mpeg_frame_at(std::string_view bytes, std::size_t at);

/// The length of the ID3v2 tag at the start of `bytes` (header, body and footer), 0 when there
/// is none; nullopt when a tag starts there but its header is malformed.
std::optional<std::size_t> id3v2_length(std::string_view bytes);

/// One EBML element: its id (with its length marker bits, as written: 0x1A45DFA3), where its
/// data starts, and its data's size (nullopt: "unknown size", to the end of its parent).
struct EbmlElement {
    std::uint32_t id = 0;
    std::size_t data = 0;
    std::optional<std::uint64_t> size;
};
/// The element whose header starts at `at`, or nullopt.
std::optional<EbmlElement> ebml_element_at(std::string_view bytes, std::size_t at);
/// The DocType of the EBML header at the start of `bytes` ("webm", "matroska"), or nullopt.
std::optional<std::string_view> ebml_doc_type(std::string_view bytes);

/// One Ogg page: its granule position, stream serial, where its body starts and its length.
struct OggPage {
    std::uint64_t granule = 0;
    std::uint32_t serial = 0;
    std::size_t body = 0;
    std::size_t body_length = 0;
    std::size_t next = 0;  // where the page after it starts
};
/// The page whose "OggS" capture pattern starts at `at`, or nullopt.
std::optional<OggPage> ogg_page_at(std::string_view bytes, std::size_t at);

}  // namespace tribune::domain::media_containers
