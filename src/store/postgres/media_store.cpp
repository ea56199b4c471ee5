// PgStore's MediaStore methods (store/media_store.hpp): the rows through the shared steps
// (common/media_steps.hpp); the bytes in media_chunks, 1 MiB a row (never one huge value), in
// the same transaction as the row, so every node reads whole files or none. Bytes cross libpq's
// text protocol as hex (decode/encode on the server).
#include "store/postgres/pg_store.hpp"

#include <algorithm>

#include "store/common/media_steps.hpp"
#include "store/media_store.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

// Only ever run on PostgreSQL: SQLite keeps no chunks.
const PortableSql kInsertChunk("INSERT INTO media_chunks (hash, n, data) VALUES (?1, CAST(?2 AS BIGINT), decode(?3, 'hex'))");
const PortableSql kReadChunks(
    "SELECT n, encode(data, 'hex') FROM media_chunks WHERE hash = ?1 AND n >= CAST(?2 AS BIGINT)"
    " AND n <= CAST(?3 AS BIGINT) ORDER BY n");

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.resize(bytes.size() * 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        out[2 * i] = kDigits[c >> 4];
        out[2 * i + 1] = kDigits[c & 15];
    }
    return out;
}

int digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

void append_unhex(std::string& out, std::string_view text) {
    for (std::size_t i = 0; i + 1 < text.size(); i += 2)
        out.push_back(static_cast<char>((digit(text[i]) << 4) | digit(text[i + 1])));
}

domain::Error bad_range() {
    return domain::make_error(domain::ErrorCode::kInvalid, "Invalid range", "a media read takes at most 4 MiB");
}

}  // namespace

Result<MediaPut> PgStore::put_media(const MediaItem& item, std::string_view bytes) {
    if (auto ok = media_steps::check_item(item, bytes.size()); !ok) return ok.error();
    return run_write<MediaPut>(*pool_, retry_, [&](Connection& db) -> Result<MediaPut> {
        PgSession session(db);
        auto put = media_steps::insert(session, item);
        if (!put || !put->added) return put;
        for (std::size_t at = 0, n = 0; at < bytes.size(); at += kMediaChunkBytes, ++n) {
            const std::string text = hex(bytes.substr(at, kMediaChunkBytes));
            if (auto ok = session.query(kInsertChunk, {item.hash, static_cast<std::int64_t>(n), text}); !ok)
                return ok.error();
        }
        return put;
    });
}

Result<MediaItem> PgStore::get_media(std::string_view hash) {
    return run_read<MediaItem>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return media_steps::by_hash(session, hash);
    });
}

Result<std::vector<MediaItem>> PgStore::media_variants(std::string_view hash) {
    return run_read<std::vector<MediaItem>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return media_steps::variants(session, hash);
    });
}

Result<std::optional<std::string>> PgStore::media_file(std::string_view hash) {
    auto item = get_media(hash);
    if (!item) return item.error();
    return std::optional<std::string>{};  // in the database: read_media
}

Result<std::string> PgStore::read_media(std::string_view hash, std::int64_t offset, std::int64_t length) {
    if (offset < 0 || length < 0 || length > kMaxMediaRead) return bad_range();
    return run_read<std::string>(*pool_, retry_, [&](Connection& db) -> Result<std::string> {
        PgSession session(db);
        auto item = media_steps::by_hash(session, hash);
        if (!item) return item.error();
        if (offset >= item->bytes || length == 0) return std::string();
        const std::int64_t end = std::min(item->bytes, offset + length);
        const std::int64_t first = offset / kMediaChunkBytes;
        const std::int64_t last = (end - 1) / kMediaChunkBytes;
        auto rows = session.query(kReadChunks, {item->hash, first, last});
        if (!rows) return rows.error();
        std::string joined;
        joined.reserve(static_cast<std::size_t>((last - first + 1) * kMediaChunkBytes));
        for (int r = 0; r < rows->rows(); ++r) append_unhex(joined, rows->text(r, 1));
        const auto skip = static_cast<std::size_t>(offset - first * kMediaChunkBytes);
        if (skip >= joined.size()) return std::string();
        return joined.substr(skip, static_cast<std::size_t>(end - offset));
    });
}

Result<std::vector<MediaItem>> PgStore::list_media(std::string_view after_hash, int limit) {
    return run_read<std::vector<MediaItem>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return media_steps::list(session, after_hash, limit);
    });
}

}  // namespace tribune::store::postgres
