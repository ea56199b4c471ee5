// The media readers on small files the tests build (tests/support/media_samples.hpp): sniffing
// by magic bytes, durations, image sizes, and "unknown" for broken or truncated input.

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "../support/media_samples.hpp"
#include "domain/media_format.hpp"
#include "domain/media_probe.hpp"

namespace tribune::domain {
namespace {

namespace sample = test::media;

TEST(MediaSniff, KnowsEachFormatByItsBytes) {
    EXPECT_EQ(sniff_media(sample::jpeg(10, 20)), MediaFormat::kJpeg);
    EXPECT_EQ(sniff_media(sample::png(10, 20)), MediaFormat::kPng);
    EXPECT_EQ(sniff_media(sample::gif(10, 20)), MediaFormat::kGif);
    EXPECT_EQ(sniff_media(sample::webp("VP8 ", 10, 20)), MediaFormat::kWebp);
    EXPECT_EQ(sniff_media(sample::mp4(1000, 5000)), MediaFormat::kMp4);
    EXPECT_EQ(sniff_media(sample::mp4(1000, 5000, "M4A ")), MediaFormat::kM4a);
    EXPECT_EQ(sniff_media(sample::webm(1000)), MediaFormat::kWebm);
    EXPECT_EQ(sniff_media(sample::mp3(3)), MediaFormat::kMp3);
    EXPECT_EQ(sniff_media(sample::mp3(3, true)), MediaFormat::kMp3);
    EXPECT_EQ(sniff_media(sample::ogg_vorbis(44100, 44100)), MediaFormat::kOgg);
    EXPECT_EQ(sniff_media(sample::ogg_opus(312, 48000)), MediaFormat::kOgg);
}

TEST(MediaSniff, RefusesWhatItDoesNotServe) {
    EXPECT_EQ(sniff_media(""), MediaFormat::kUnknown);
    EXPECT_EQ(sniff_media("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"), MediaFormat::kUnknown);
    EXPECT_EQ(sniff_media("<!DOCTYPE html><html><script>alert(1)</script>"), MediaFormat::kUnknown);
    EXPECT_EQ(sniff_media("%PDF-1.7"), MediaFormat::kUnknown);
    EXPECT_EQ(sniff_media(sample::webm(1000, 1000000, "matroska")), MediaFormat::kUnknown);  // only WebM
    // One frame header followed by garbage is not an MP3: random bytes would pass too often.
    EXPECT_EQ(sniff_media(sample::mp3_frame().substr(0, 4) + std::string(600, 'x')), MediaFormat::kUnknown);
    EXPECT_EQ(sniff_media("RIFF\x10\0\0\0WAVEfmt "), MediaFormat::kUnknown);
}

TEST(MediaSniff, DeclaredTypeMustAgree) {
    EXPECT_TRUE(declared_type_agrees("image/png", MediaFormat::kPng));
    EXPECT_TRUE(declared_type_agrees("IMAGE/PNG; charset=binary", MediaFormat::kPng));
    EXPECT_TRUE(declared_type_agrees("audio/mp4", MediaFormat::kMp4));
    EXPECT_TRUE(declared_type_agrees("audio/mpeg", MediaFormat::kMp3));
    EXPECT_TRUE(declared_type_agrees("application/octet-stream", MediaFormat::kOgg));
    EXPECT_TRUE(declared_type_agrees("", MediaFormat::kJpeg));
    EXPECT_FALSE(declared_type_agrees("image/png", MediaFormat::kJpeg));
    EXPECT_FALSE(declared_type_agrees("text/html", MediaFormat::kGif));
    EXPECT_FALSE(declared_type_agrees("image/svg+xml", MediaFormat::kPng));
    EXPECT_FALSE(declared_type_agrees("image/png", MediaFormat::kUnknown));
}

TEST(MediaSniff, NamesAndExtensionsRoundTrip) {
    for (auto f : {MediaFormat::kJpeg, MediaFormat::kPng, MediaFormat::kWebp, MediaFormat::kGif, MediaFormat::kMp4,
                   MediaFormat::kM4a, MediaFormat::kWebm, MediaFormat::kMp3, MediaFormat::kOgg}) {
        EXPECT_EQ(media_format_of_extension(media_extension(f)), f);
        EXPECT_EQ(media_format_of_content_type(media_content_type(f)), f);
        EXPECT_FALSE(media_kind(f).empty());
    }
    EXPECT_FALSE(media_format_of_extension("svg"));
    EXPECT_FALSE(media_format_of_extension("JPG"));
    EXPECT_EQ(media_kind(MediaFormat::kM4a), "audio");
    EXPECT_EQ(media_kind(MediaFormat::kWebm), "video");
}

TEST(MediaDuration, Mp4FromMvhd) {
    EXPECT_DOUBLE_EQ(*mp4_duration(sample::mp4(1000, 293000)), 293.0);
    EXPECT_DOUBLE_EQ(*mp4_duration(sample::mp4(600, 900, "M4A ", true)), 1.5);
    EXPECT_FALSE(mp4_duration(sample::mp4(0, 900)));  // a zero timescale
    const auto facts = probe_media(sample::mp4(44100, 44100 * 61, "M4A "));
    EXPECT_EQ(facts.format, MediaFormat::kM4a);
    EXPECT_DOUBLE_EQ(*facts.duration_seconds, 61.0);
}

TEST(MediaDuration, WebmFromInfo) {
    EXPECT_DOUBLE_EQ(*webm_duration(sample::webm(12500)), 12.5);          // ms ticks
    EXPECT_DOUBLE_EQ(*webm_duration(sample::webm(3, 1000000000)), 3.0);   // second ticks
    EXPECT_EQ(probe_media(sample::webm(4000)).duration_seconds, 4.0);
}

TEST(MediaDuration, Mp3WithAndWithoutXing) {
    // 100 frames of 1152 samples at 44.1 kHz, counted one by one.
    EXPECT_NEAR(*mp3_duration(sample::mp3(100)), 100 * 1152 / 44100.0, 1e-9);
    EXPECT_NEAR(*mp3_duration(sample::mp3(100, true)), 100 * 1152 / 44100.0, 1e-9);
    // A Xing header's count wins over the frames actually present (a VBR file's truth).
    EXPECT_NEAR(*mp3_duration(sample::mp3(5, true, 10000)), 10000 * 1152 / 44100.0, 1e-9);
    EXPECT_FALSE(mp3_duration(std::string(2000, '\0')));
}

TEST(MediaDuration, OggVorbisAndOpus) {
    EXPECT_DOUBLE_EQ(*ogg_duration(sample::ogg_vorbis(44100, 44100 * 7)), 7.0);
    EXPECT_DOUBLE_EQ(*ogg_duration(sample::ogg_opus(312, 48000 * 3 + 312)), 3.0);  // pre-skip removed
    EXPECT_FALSE(ogg_duration(sample::ogg_page(0, 1, 0, "\x80theora", 2)));          // not audio we read
}

TEST(MediaSize, Images) {
    auto check = [](const std::string& bytes, std::uint32_t w, std::uint32_t h) {
        const auto facts = probe_media(bytes);
        ASSERT_TRUE(facts.width && facts.height) << media_extension(facts.format);
        EXPECT_EQ(*facts.width, w);
        EXPECT_EQ(*facts.height, h);
        EXPECT_FALSE(facts.duration_seconds);
    };
    check(sample::png(1920, 1080), 1920, 1080);
    check(sample::gif(320, 200), 320, 200);
    check(sample::jpeg(4000, 3000), 4000, 3000);
    check(sample::webp("VP8 ", 640, 480), 640, 480);
    check(sample::webp("VP8L", 800, 600), 800, 600);
    check(sample::webp("VP8X", 5000, 4000), 5000, 4000);
    EXPECT_FALSE(probe_media(sample::png(0, 10)).width);
}

TEST(MediaProbe, BrokenInputIsUnknownNotACrash) {
    // Every prefix of every sample, and each sample with its bytes flipped: no crash, no loop,
    // and a duration (when any) stays plausible.
    const std::string samples[] = {sample::mp4(1000, 5000), sample::mp4(1000, 5000, "M4A ", true), sample::webm(1000),
                                   sample::mp3(4, true, 9), sample::ogg_vorbis(8000, 16000), sample::ogg_opus(10, 9000),
                                   sample::png(5, 5), sample::gif(5, 5), sample::jpeg(5, 5), sample::webp("VP8X", 5, 5)};
    std::mt19937 random(7);
    for (const auto& s : samples) {
        for (std::size_t n = 0; n < s.size(); ++n) {
            const auto facts = probe_media(std::string_view(s).substr(0, n));
            if (facts.duration_seconds) {
                EXPECT_GE(*facts.duration_seconds, 0);
            }
        }
        for (int round = 0; round < 200; ++round) {
            std::string broken = s;
            for (int k = 0; k < 4; ++k) broken[random() % broken.size()] = static_cast<char>(random());
            const auto facts = probe_media(broken);
            if (facts.duration_seconds) {
                EXPECT_LE(*facts.duration_seconds, 366.0 * 24 * 3600);
            }
        }
    }
    // A box claiming more than the file holds, and a box of size 0 inside moov.
    EXPECT_FALSE(mp4_duration(std::string("\xFF\xFF\xFF\xFFmoov", 8)));
    EXPECT_FALSE(mp4_duration(sample::box("moov", std::string(8, '\0'))));
}

TEST(MediaProbe, WholeSeconds) {
    EXPECT_EQ(whole_seconds(0), 0);
    EXPECT_EQ(whole_seconds(0.2), 1);
    EXPECT_EQ(whole_seconds(292.6), 293);
    EXPECT_EQ(whole_seconds(-3), 0);
}

}  // namespace
}  // namespace tribune::domain
