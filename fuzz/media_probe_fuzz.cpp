// Uploaded files go through domain::probe_media before anything else looks at them: it must
// answer for any bytes without crashing, looping or reading outside them, and what it answers
// must be sane (a format it names is one sniff_media names; sizes positive; durations bounded).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "check.hpp"
#include "domain/media_format.hpp"
#include "domain/media_probe.hpp"

using namespace tribune;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const auto facts = domain::probe_media(bytes);
    fuzz::check(facts.format == domain::sniff_media(bytes), "probe_media and sniff_media disagree");
    if (facts.duration_seconds)
        fuzz::check(*facts.duration_seconds >= 0 && *facts.duration_seconds <= 366.0 * 24 * 3600,
                    "an implausible duration");
    fuzz::check(facts.width.has_value() == facts.height.has_value(), "a width without a height");
    if (facts.width) fuzz::check(*facts.width > 0 && *facts.height > 0, "a zero image size");
    if (facts.format != domain::MediaFormat::kUnknown) {
        fuzz::check(!domain::media_kind(facts.format).empty(), "a format without a kind");
        fuzz::check(domain::declared_type_agrees(domain::media_content_type(facts.format), facts.format),
                    "a format disagrees with its own content type");
    }
    // Each reader alone, whatever the sniffed format: none may fail on another format's bytes.
    (void)domain::mp4_duration(bytes);
    (void)domain::webm_duration(bytes);
    (void)domain::mp3_duration(bytes);
    (void)domain::ogg_duration(bytes);
    for (auto f : {domain::MediaFormat::kJpeg, domain::MediaFormat::kPng, domain::MediaFormat::kWebp,
                   domain::MediaFormat::kGif})
        (void)domain::image_size(f, bytes);
    return 0;
}
