// The one translation unit that sees libvips.
#include "service/image_variants.hpp"

#include <vips/vips8>

#include <mutex>

namespace tribune::service {
namespace {

// libvips is started once per process; no operation cache (every image is new), and the
// loaders libvips marks untrusted (e.g. through ImageMagick) never run.
bool vips_ready() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] {
        ok = VIPS_INIT("tribune") == 0;
        if (!ok) return;
        vips_cache_set_max(0);
        vips_block_untrusted_set(TRUE);
    });
    return ok;
}

const char* suffix_of(domain::MediaFormat format) {
    switch (format) {
        case domain::MediaFormat::kJpeg: return ".jpg[Q=82,strip]";
        case domain::MediaFormat::kPng: return ".png[compression=6,strip]";
        case domain::MediaFormat::kWebp: return ".webp[Q=80,strip]";
        default: return nullptr;
    }
}

}  // namespace

std::optional<ImageVariant> resize_image(std::string_view bytes, domain::MediaFormat format, std::int32_t width) {
    const char* suffix = suffix_of(format);
    if (!suffix || width <= 0 || !vips_ready()) return std::nullopt;
    // A blob over the caller's bytes (no copy): they outlive it, which is released on every path.
    VipsBlob* blob = vips_blob_new(nullptr, bytes.data(), bytes.size());
    struct Release {
        VipsBlob* blob;
        ~Release() { vips_area_unref(VIPS_AREA(blob)); }
    } release{blob};
    try {
        // The size libvips itself will decode (a header only: loading is lazy) decides, not the
        // one our probe read: a file can show each reader a different header.
        vips::VImage header = vips::VImage::new_from_buffer(bytes.data(), bytes.size(), "",
                                                             vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
        if (static_cast<std::int64_t>(header.width()) * header.height() > kMaxVariantPixels) {
            vips_error_clear();
            return std::nullopt;
        }
        // Shrink-on-load where the format allows; never enlarged; the height follows the width.
        vips::VImage thumb = vips::VImage::thumbnail_buffer(
            blob, width,
            vips::VImage::option()->set("height", 100000)->set("size", VIPS_SIZE_DOWN)->set("fail_on",
                                                                                             VIPS_FAIL_ON_ERROR));
        void* out = nullptr;
        std::size_t length = 0;
        thumb.write_to_buffer(suffix, &out, &length);
        ImageVariant v;
        v.width = thumb.width();
        v.height = thumb.height();
        v.bytes.assign(static_cast<const char*>(out), length);
        g_free(out);
        vips_error_clear();
        return v;
    } catch (const vips::VError&) {
        vips_error_clear();
        return std::nullopt;
    }
}

}  // namespace tribune::service
