#pragma once
// The media role's value types (store/media_store.hpp).

#include <cstdint>
#include <optional>
#include <string>

namespace tribune::store {

/// One stored file of the media library, named by the SHA-256 of its bytes.
struct MediaItem {
    std::string hash;          // 64 lower-case hex digits: the SHA-256 of the bytes
    std::string kind;          // "image", "video" or "audio"
    std::string content_type;  // as served: "image/jpeg", "video/mp4", ...
    std::int64_t bytes = 0;
    std::optional<std::int64_t> duration_ms;  // video and audio, when the file says
    std::optional<std::int32_t> width;        // images (and their variants)
    std::optional<std::int32_t> height;
    std::string original_name;  // the uploader's file name, sanitized (media_name.hpp); may be ""
    std::int64_t created_at = 0;  // microseconds since the epoch
    std::string created_by;       // the audit's actor name
    /// For a resized variant: the hash of the image it was made from; "" for an original.
    std::string variant_of;
};

/// What put_media did: the item as stored, and whether this call added it (false: the same
/// bytes were there already, and the stored item is returned unchanged).
struct MediaPut {
    MediaItem item;
    bool added = false;
};

}  // namespace tribune::store
