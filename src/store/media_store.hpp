#pragma once
// The media role of the Store: uploaded files, content-addressed by the SHA-256 of their bytes.
// SQLite keeps the bytes in files in a directory beside the database (written atomically before
// the row commits); PostgreSQL keeps them in the database in 1 MiB chunks, so every node of a
// cluster reads the same media. Every call blocks.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/media_types.hpp"

namespace tribune::store {

using domain::Result;

class MediaStore {
public:
    virtual ~MediaStore() = default;

    /// Stores `bytes` under item.hash (which the caller computed: the SHA-256 of `bytes`, in
    /// lower-case hex) with its facts. The same hash stored before is left as it was and returned
    /// with added = false. Errors: kInvalid for a malformed hash or a size that is not
    /// bytes.size(); the engine's storage errors.
    virtual Result<MediaPut> put_media(const MediaItem& item, std::string_view bytes) = 0;

    /// The item with `hash`. Errors: kNotFound.
    virtual Result<MediaItem> get_media(std::string_view hash) = 0;

    /// The resized variants made from the image `hash`, narrowest first.
    virtual Result<std::vector<MediaItem>> media_variants(std::string_view hash) = 0;

    /// A local file holding the bytes of `hash` when the engine keeps them in files (SQLite):
    /// served from there without copying. nullopt when the bytes live in the database
    /// (PostgreSQL: read them with read_media; nodes cache them on disk). Errors: kNotFound.
    virtual Result<std::optional<std::string>> media_file(std::string_view hash) = 0;

    /// Up to `length` (at most 4 MiB) bytes of `hash` from `offset`; fewer only at the end.
    /// Errors: kNotFound; kInvalid for a length out of range.
    virtual Result<std::string> read_media(std::string_view hash, std::int64_t offset, std::int64_t length) = 0;

    /// Items in hash order after `after_hash` ("" for the first), at most `limit` (1..1000):
    /// what an export or a move between engines walks.
    virtual Result<std::vector<MediaItem>> list_media(std::string_view after_hash, int limit) = 0;
};

/// Whether `hash` is 64 lower-case hex digits: checked before any lookup or file name.
bool is_media_hash(std::string_view hash);

/// The chunk size PostgreSQL stores bytes in, and the largest read_media length.
inline constexpr std::int64_t kMediaChunkBytes = 1 << 20;
inline constexpr std::int64_t kMaxMediaRead = 4 << 20;

}  // namespace tribune::store
