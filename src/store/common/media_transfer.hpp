#pragma once
// The media library's part of a move between stores (`tribune migrate-store`): items and their
// bytes, copied item by item in hash order after the rows (import_all), each through put_media,
// so a copy that stops half way is simply run again (the same bytes are the same item).

#include <cstdint>
#include <functional>
#include <string>

#include "domain/error.hpp"
#include "store/media_store.hpp"

namespace tribune::store {

/// What a store's media library holds: items, their bytes in all, and a checksum over each
/// item's hash, size, type and variant link (the same on every engine for the same media).
struct MediaSummary {
    std::int64_t items = 0;
    std::int64_t bytes = 0;
    std::uint64_t checksum = 0;
    bool operator==(const MediaSummary&) const = default;
};

/// Reads every item of `media` (list_media, a page at a time).
domain::Result<MediaSummary> summarize_media(MediaStore& media);

/// Copies every item of `from` with its bytes into `to`; `progress` hears the count now and
/// then. Returns what was copied. Errors: either store's.
domain::Result<MediaSummary> copy_media(MediaStore& from, MediaStore& to,
                                        const std::function<void(std::int64_t)>& progress = {});

/// "3 media items (1234 bytes)".
std::string describe(const MediaSummary& s);

}  // namespace tribune::store
