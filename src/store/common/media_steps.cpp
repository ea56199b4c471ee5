#include "store/common/media_steps.hpp"

#include <string>

#include "store/media_store.hpp"

namespace tribune::store {

bool is_media_hash(std::string_view hash) {
    if (hash.size() != 64) return false;
    for (const char c : hash)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

namespace media_steps {
namespace {

constexpr std::string_view kColumns =
    "hash, kind, content_type, bytes, duration_ms, width, height, original_name, created_at, created_by, variant_of";

const PortableSql kInsert(std::string("INSERT INTO media (") + std::string(kColumns) +
                          ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
                          " ON CONFLICT (hash) DO NOTHING RETURNING hash");
const PortableSql kByHash(std::string("SELECT ") + std::string(kColumns) + " FROM media WHERE hash = ?1");
const PortableSql kVariants(std::string("SELECT ") + std::string(kColumns) +
                            " FROM media WHERE variant_of = ?1 ORDER BY width, hash");
const PortableSql kList(std::string("SELECT ") + std::string(kColumns) +
                        " FROM media WHERE hash > ?1 ORDER BY hash LIMIT CAST(?2 AS BIGINT)");

MediaItem read_item(const SqlRows& rows, int r) {
    MediaItem m;
    m.hash = rows.text(r, 0);
    m.kind = rows.text(r, 1);
    m.content_type = rows.text(r, 2);
    m.bytes = rows.int64(r, 3);
    if (!rows.is_null(r, 4)) m.duration_ms = rows.int64(r, 4);
    if (!rows.is_null(r, 5)) m.width = static_cast<std::int32_t>(rows.int64(r, 5));
    if (!rows.is_null(r, 6)) m.height = static_cast<std::int32_t>(rows.int64(r, 6));
    m.original_name = rows.text(r, 7);
    m.created_at = rows.int64(r, 8);
    m.created_by = rows.text(r, 9);
    m.variant_of = rows.text(r, 10);
    return m;
}

std::vector<MediaItem> read_items(const SqlRows& rows) {
    std::vector<MediaItem> out;
    out.reserve(static_cast<std::size_t>(rows.rows()));
    for (int r = 0; r < rows.rows(); ++r) out.push_back(read_item(rows, r));
    return out;
}

SqlValue optional_number(const std::optional<std::int64_t>& v) {
    if (!v) return std::monostate{};
    return *v;
}

domain::Error invalid(std::string message) {
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid media", std::move(message));
}

}  // namespace

domain::Error media_not_found() {
    return domain::make_error(domain::ErrorCode::kNotFound, "Media not found", "no media has that name");
}

Result<void> check_item(const MediaItem& item, std::size_t bytes) {
    if (!is_media_hash(item.hash)) return invalid("the media hash is 64 lower-case hex digits");
    if (item.variant_of.size() > 0 && !is_media_hash(item.variant_of)) return invalid("variant_of is a media hash");
    if (item.kind.empty() || item.content_type.empty() || item.kind.size() > 16 || item.content_type.size() > 64)
        return invalid("a media item needs its kind and content type");
    if (item.bytes < 0 || static_cast<std::uint64_t>(item.bytes) != bytes)
        return invalid("the media size is not the number of bytes given");
    if (item.original_name.size() > 200 || item.created_by.size() > 200) return invalid("a media name is too long");
    return {};
}

Result<MediaPut> insert(SqlSession& db, const MediaItem& item) {
    const std::optional<std::int64_t> width = item.width ? std::optional<std::int64_t>(*item.width) : std::nullopt;
    const std::optional<std::int64_t> height = item.height ? std::optional<std::int64_t>(*item.height) : std::nullopt;
    auto rows = db.query(kInsert, {item.hash, item.kind, item.content_type, item.bytes, optional_number(item.duration_ms),
                                   optional_number(width), optional_number(height), item.original_name,
                                   item.created_at, item.created_by, item.variant_of});
    if (!rows) return rows.error();
    const bool added = rows->rows() == 1;
    auto stored = by_hash(db, item.hash);
    if (!stored) return stored.error();
    return MediaPut{std::move(*stored), added};
}

Result<MediaItem> by_hash(SqlSession& db, std::string_view hash) {
    if (!is_media_hash(hash)) return media_not_found();
    auto rows = db.query(kByHash, {hash});
    if (!rows) return rows.error();
    if (rows->rows() == 0) return media_not_found();
    return read_item(*rows, 0);
}

Result<std::vector<MediaItem>> variants(SqlSession& db, std::string_view hash) {
    if (!is_media_hash(hash)) return std::vector<MediaItem>{};
    auto rows = db.query(kVariants, {hash});
    if (!rows) return rows.error();
    return read_items(*rows);
}

Result<std::vector<MediaItem>> list(SqlSession& db, std::string_view after_hash, int limit) {
    if (limit < 1 || limit > 1000) return invalid("a media listing takes 1 to 1000 items");
    auto rows = db.query(kList, {after_hash, std::int64_t{limit}});
    if (!rows) return rows.error();
    return read_items(*rows);
}

}  // namespace media_steps
}  // namespace tribune::store
