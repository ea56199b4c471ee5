#pragma once
// The media library's use cases: an editor uploads a file (sniffed, measured and stored under
// the SHA-256 of its bytes, audited as media.upload), and anyone reads it back by name.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"
#include "store/media_store.hpp"
#include "store/media_types.hpp"

namespace tribune::service {

/// The most pixels an uploaded image may declare (width times height).
inline constexpr std::uint64_t kMaxImagePixels = 250'000'000;

struct MediaUpload {
    std::string_view declared_type;  // the request's Content-Type: must agree with the bytes
    std::string_view filename;       // ?filename=: kept (sanitized) for the desk, never trusted
    std::string_view bytes;
};

struct UploadedMedia {
    store::MediaItem item;
    bool added = false;  // false: the same bytes were uploaded before
    std::vector<store::MediaItem> variants;  // an image's resized copies, narrowest first
};

/// The newsroom (Permission::kWrite: authors, editors, admins) uploads a file. The format comes from the bytes
/// (domain::sniff_media); a declared type that disagrees is refused, as is anything that is not
/// JPEG, PNG, WebP, GIF, MP4, M4A, WebM, MP3 or Ogg, and an image whose header states no size or
/// more than kMaxImagePixels. A new JPEG, PNG or WebP also gets its
/// resized variants (image_variants.hpp: 480, 960 and 1600 pixels wide, those narrower than it),
/// stored as items of their own that name it; one that cannot be made is left out. Errors: kUnauthenticated/kForbidden;
/// kTooLarge past rules.media_max_bytes; kInvalid (unknown format, type mismatch, empty);
/// the store's.
domain::Result<UploadedMedia> upload_media(Context& ctx, const Actor& actor, const MediaUpload& upload);

/// The public path of an item: "/media/" + hash + "." + its format's extension.
std::string media_url(const store::MediaItem& item);

/// The item a public name ("<64 hex>.<ext>") names, when the name is exactly that and the
/// extension is the item's own. Errors: kNotFound (also for any malformed name, before any
/// lookup).
domain::Result<store::MediaItem> find_media(Context& ctx, std::string_view name);

/// The copies of the library image a page links as `url` ("/media/<hash>.<ext>"): its
/// variants narrowest first, then the original. Empty for any other URL, a missing item, or an
/// image without variants; a store failure is empty too (the page shows the plain image).
std::vector<store::MediaItem> image_copies(Context& ctx, std::string_view url);

/// A file name as the desk may show it: the last path segment, letters, digits, '.', '-', '_'
/// and spaces (anything else becomes '_'), at most 100 bytes.
std::string sanitize_media_name(std::string_view name);

/// The lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

/// The lower-case hex SHA-256 of the bytes `media` holds for `item` (read a piece at a time, so
/// a large file is never held whole): equal to item.hash unless they were damaged. Errors: the
/// store's; kInternal when the bytes end before item.bytes.
domain::Result<std::string> stored_sha256(store::MediaStore& media, const store::MediaItem& item);

}  // namespace tribune::service
