#include "service/media.hpp"

#include <sodium.h>

#include <algorithm>

#include "domain/media_format.hpp"
#include "domain/media_probe.hpp"
#include "domain/time.hpp"
#include "service/audit.hpp"
#include "service/authorize.hpp"
#include "service/image_variants.hpp"
#include "store/media_store.hpp"

namespace tribune::service {
namespace {

domain::Error refused(std::string message) {
    return domain::make_error(domain::ErrorCode::kInvalid, "Unsupported media", std::move(message));
}

// The audit's after-state: the facts, in JSON (the name is sanitized, so it needs no escaping).
std::string audit_state(const store::MediaItem& m) {
    std::string out = "{\"hash\":\"" + m.hash + "\",\"kind\":\"" + m.kind + "\",\"content_type\":\"" +
                      m.content_type + "\",\"bytes\":" + std::to_string(m.bytes) + ",\"original_name\":\"" +
                      m.original_name + "\"}";
    return out;
}

// The resized copies of a new image: each stored (content-addressed, naming its original), or
// left out when it cannot be made or stored; the upload stands either way.
void make_variants(Context& ctx, const store::MediaItem& original, domain::MediaFormat format,
                   std::string_view bytes) {
    if (!original.width || !original.height) return;
    if (static_cast<std::int64_t>(*original.width) * *original.height > kMaxVariantPixels) return;
    for (const std::int32_t width : kVariantWidths) {
        if (width >= *original.width) break;
        auto v = resize_image(bytes, format, width);
        if (!v || v->width >= *original.width) continue;
        store::MediaItem item;
        item.hash = sha256_hex(v->bytes);
        item.kind = original.kind;
        item.content_type = original.content_type;
        item.bytes = static_cast<std::int64_t>(v->bytes.size());
        item.width = v->width;
        item.height = v->height;
        item.created_at = original.created_at;
        item.created_by = original.created_by;
        item.variant_of = original.hash;
        (void)ctx.store.put_media(item, v->bytes);
    }
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * sizeof digest);
    for (const unsigned char c : digest) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
    }
    return out;
}

domain::Result<std::string> stored_sha256(store::MediaStore& media, const store::MediaItem& item) {
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    for (std::int64_t at = 0; at < item.bytes;) {
        auto part = media.read_media(item.hash, at, std::min(store::kMaxMediaRead, item.bytes - at));
        if (!part) return part.error();
        if (part->empty())
            return domain::make_error(domain::ErrorCode::kInternal, "Media incomplete",
                                      "a media item's bytes are shorter than its size");
        crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(part->data()), part->size());
        at += static_cast<std::int64_t>(part->size());
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const unsigned char c : digest) {
        out.push_back(kDigits[c >> 4]);
        out.push_back(kDigits[c & 15]);
    }
    return out;
}

std::string sanitize_media_name(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    std::string out;
    for (const char c : name.substr(0, 100)) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                           c == '-' || c == '_' || c == ' ';
        out.push_back(plain ? c : '_');
    }
    while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(out.begin());
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string media_url(const store::MediaItem& item) {
    const auto format = domain::media_format_of_content_type(item.content_type);
    return "/media/" + item.hash + "." + std::string(domain::media_extension(format));
}

domain::Result<UploadedMedia> upload_media(Context& ctx, const Actor& actor, const MediaUpload& upload) {
    if (auto ok = authorize(actor, Permission::kWrite); !ok) return ok.error();
    if (upload.bytes.size() > ctx.rules.media_max_bytes)
        return domain::make_error(domain::ErrorCode::kTooLarge, "Media too large",
                                  "a media file may have at most " + std::to_string(ctx.rules.media_max_bytes) +
                                      " bytes");
    if (upload.bytes.empty()) return refused("the upload is empty");
    const domain::MediaFacts facts = domain::probe_media(upload.bytes);
    if (facts.format == domain::MediaFormat::kUnknown)
        return refused("the file is not JPEG, PNG, WebP, GIF, MP4, M4A, WebM, MP3 or Ogg");
    // An image is stored only with the size its header states (pages reserve its space), and
    // never one that claims more pixels than any camera makes (a decompression bomb's header).
    if (domain::media_kind(facts.format) == "image") {
        if (!facts.width || !facts.height) return refused("the image's width and height cannot be read from its header");
        if (static_cast<std::uint64_t>(*facts.width) * *facts.height > kMaxImagePixels)
            return refused("an image may have at most " + std::to_string(kMaxImagePixels / 1'000'000) + " million pixels");
    }
    if (!domain::declared_type_agrees(upload.declared_type, facts.format))
        return domain::make_error(domain::ErrorCode::kInvalid, "Media type mismatch",
                                  "the file is " + std::string(domain::media_content_type(facts.format)) +
                                      ", not the Content-Type the request declared");
    store::MediaItem item;
    item.hash = sha256_hex(upload.bytes);
    item.kind = std::string(domain::media_kind(facts.format));
    item.content_type = std::string(domain::media_content_type(facts.format));
    item.bytes = static_cast<std::int64_t>(upload.bytes.size());
    if (facts.duration_seconds)
        item.duration_ms = static_cast<std::int64_t>(*facts.duration_seconds * 1000.0 + 0.5);
    if (facts.width) {
        item.width = static_cast<std::int32_t>(std::min<std::uint32_t>(*facts.width, 0x7FFFFFFF));
        item.height = static_cast<std::int32_t>(std::min<std::uint32_t>(*facts.height, 0x7FFFFFFF));
    }
    item.original_name = sanitize_media_name(upload.filename);
    item.created_at = domain::to_micros(ctx.clock.now());
    item.created_by = actor.actor_name();
    auto put = ctx.store.put_media(item, upload.bytes);
    if (!put) return put.error();
    if (put->added) {
        make_variants(ctx, put->item, facts.format, upload.bytes);
        if (auto ok = record_audit(ctx, actor, "media.upload", "media:" + put->item.hash, "null",
                                   audit_state(put->item));
            !ok)
            return ok.error();
    }
    auto variants = ctx.store.media_variants(put->item.hash);
    if (!variants) return variants.error();
    return UploadedMedia{std::move(put->item), put->added, std::move(*variants)};
}

domain::Result<store::MediaItem> find_media(Context& ctx, std::string_view name) {
    const auto not_found = [] {
        return domain::make_error(domain::ErrorCode::kNotFound, "Not found", "No such media.");
    };
    const auto dot = name.find('.');
    if (dot != 64 || name.size() > 70) return not_found();
    const std::string_view hash = name.substr(0, 64);
    const auto format = domain::media_format_of_extension(name.substr(65));
    if (!store::is_media_hash(hash) || !format) return not_found();
    auto item = ctx.store.get_media(hash);
    if (!item) return item.error().code == domain::ErrorCode::kNotFound ? not_found() : item.error();
    if (domain::media_format_of_content_type(item->content_type) != *format) return not_found();
    return item;
}

}  // namespace tribune::service

namespace tribune::service {

std::vector<store::MediaItem> image_copies(Context& ctx, std::string_view url) {
    constexpr std::string_view kPrefix = "/media/";
    if (!url.starts_with(kPrefix)) return {};
    auto item = find_media(ctx, url.substr(kPrefix.size()));
    if (!item || item->kind != "image") return {};
    auto variants = ctx.store.media_variants(item->hash);
    if (!variants || variants->empty()) return {};
    variants->push_back(std::move(*item));
    return std::move(*variants);
}

}  // namespace tribune::service
