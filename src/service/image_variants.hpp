#pragma once
// Resized copies of an uploaded image, for srcset: libvips (Debian libvips-dev) behind this one
// interface, so <vips/vips8> stays in one translation unit (image_variants.cpp).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/media_format.hpp"

namespace tribune::service {

/// The widths variants are made at, narrowest first: only those narrower than the original.
inline constexpr std::int32_t kVariantWidths[] = {480, 960, 1600};

/// Originals larger than this many pixels get no variants (a decompression bomb costs nothing).
inline constexpr std::int64_t kMaxVariantPixels = 50'000'000;

struct ImageVariant {
    std::int32_t width = 0;
    std::int32_t height = 0;
    std::string bytes;  // the same format as the original
};

/// The image `bytes` (JPEG, PNG or WebP, already sniffed as `format`) scaled down to `width`
/// pixels wide, keeping its aspect ratio; nullopt when libvips finds it larger than
/// kMaxVariantPixels (by the header libvips itself decodes), when it cannot read or write it (the
/// upload then simply has no variant), for GIF (animations are left whole) and for any other
/// format. Only the loaders of those formats run: libvips's untrusted loaders are blocked.
std::optional<ImageVariant> resize_image(std::string_view bytes, domain::MediaFormat format, std::int32_t width);

}  // namespace tribune::service
