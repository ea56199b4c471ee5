// SqliteStore's MediaStore methods (store/media_store.hpp): the bytes as files beside the
// database (sqlite/media_files.hpp), written before the row's job runs on the writer, so a large
// file never holds up other writes; the rows through the shared steps (common/media_steps.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include "store/common/media_steps.hpp"
#include "store/media_store.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/media_files.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"
#include "store/sqlite/store_health.hpp"

namespace tribune::store::sqlite {

Result<MediaPut> SqliteStore::put_media(const MediaItem& item, std::string_view bytes) {
    if (auto ok = media_steps::check_item(item, bytes.size()); !ok) return ok.error();
    if (auto refused = health_->refuse_write()) return std::move(*refused);
    if (auto ok = write_media_file(media_dir_, item.hash, bytes); !ok) return ok.error();
    return write<MediaPut>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return media_steps::insert(session, item);
    });
}

Result<MediaItem> SqliteStore::get_media(std::string_view hash) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return media_steps::by_hash(session, hash);
    });
}

Result<std::vector<MediaItem>> SqliteStore::media_variants(std::string_view hash) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return media_steps::variants(session, hash);
    });
}

Result<std::optional<std::string>> SqliteStore::media_file(std::string_view hash) {
    auto item = get_media(hash);
    if (!item) return item.error();
    return std::optional<std::string>(media_path(media_dir_, item->hash));
}

Result<std::string> SqliteStore::read_media(std::string_view hash, std::int64_t offset, std::int64_t length) {
    if (offset < 0 || length < 0 || length > kMaxMediaRead)
        return domain::make_error(domain::ErrorCode::kInvalid, "Invalid range", "a media read takes at most 4 MiB");
    auto item = get_media(hash);
    if (!item) return item.error();
    if (offset >= item->bytes) return std::string();
    return read_media_file(media_path(media_dir_, item->hash), offset, std::min(length, item->bytes - offset));
}

Result<std::vector<MediaItem>> SqliteStore::list_media(std::string_view after_hash, int limit) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return media_steps::list(session, after_hash, limit);
    });
}

}  // namespace tribune::store::sqlite
