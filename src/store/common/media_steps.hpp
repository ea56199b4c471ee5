#pragma once
// The media role's row steps, written once over SqlSession in the SQL both engines run. Where
// the bytes live differs (SQLite: files beside the database, sqlite/media_files.*; PostgreSQL:
// chunk rows, postgres/media_store.cpp); the metadata rows are the same.

#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/common/sql_session.hpp"
#include "store/media_types.hpp"

namespace tribune::store::media_steps {

using domain::Result;

/// kInvalid unless the item's hash is a media hash, its kind and type are set, its size is
/// `bytes` and its name is short.
Result<void> check_item(const MediaItem& item, std::size_t bytes);

/// Inserts the row unless the hash is there; added says which. Inside a write transaction.
Result<MediaPut> insert(SqlSession& db, const MediaItem& item);

/// MediaStore::get_media, media_variants, list_media.
Result<MediaItem> by_hash(SqlSession& db, std::string_view hash);
Result<std::vector<MediaItem>> variants(SqlSession& db, std::string_view hash);
Result<std::vector<MediaItem>> list(SqlSession& db, std::string_view after_hash, int limit);

/// The refusal of a hash that names no item.
domain::Error media_not_found();

}  // namespace tribune::store::media_steps
