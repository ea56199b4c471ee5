#include "store/sqlite/ban_queries.hpp"

#include <algorithm>

#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/snapshot.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::ErrorCode;
using domain::Result;

constexpr int kMaxBans = 1000;

domain::Error ban_not_found() {
    return domain::make_error(ErrorCode::kNotFound, "Not found", "No such ban.");
}

const std::string kById = "SELECT " + std::string(kBanColumns) + " FROM bans WHERE id = ?1";
const std::string kActiveByValue = "SELECT " + std::string(kBanColumns) +
                                   " FROM bans WHERE kind = ?1 AND value = ?2 AND lifted = 0"
                                   " AND (expires_at IS NULL OR expires_at > ?3) ORDER BY id LIMIT 1";
const std::string kActive = "SELECT " + std::string(kBanColumns) +
                            " FROM bans WHERE lifted = 0 AND (expires_at IS NULL OR expires_at > ?1)"
                            " ORDER BY created_at DESC, id DESC LIMIT ?2";
const std::string kByValue =
    "SELECT " + std::string(kBanColumns) + " FROM bans WHERE kind = ?1 AND value = ?2 ORDER BY id";

Result<domain::Ban> get_ban(Connection& db, std::int64_t id) {
    auto st = db.prepare(kById);
    if (!st) return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return ban_not_found();
    return read_ban(*st);
}

}  // namespace

Result<domain::Ban> insert_ban(Connection& db, const domain::Ban& b) {
    auto st = db.prepare(
        "INSERT INTO bans (kind, value, reason, created_by, created_at, expires_at, lifted)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return st.error();
    st->bind(1, to_string(b.kind)).bind(2, b.value).bind(3, b.reason).bind(4, b.created_by);
    st->bind(5, domain::to_micros(b.created_at));
    if (b.expires_at) st->bind(6, domain::to_micros(*b.expires_at));
    else st->bind_null(6);
    st->bind(7, std::int64_t{b.lifted ? 1 : 0});
    if (auto ok = st->run(); !ok) return ok.error();
    domain::Ban stored = b;
    stored.id = sqlite3_last_insert_rowid(db.handle());
    return stored;
}

Result<std::optional<domain::Ban>> find_active_ban(
    Connection& db, const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) {
    return in_snapshot(db, [&]() -> Result<std::optional<domain::Ban>> {
        std::optional<domain::Ban> first;
        for (const auto& [kind, value] : keys) {
            auto st = db.prepare(kActiveByValue);
            if (!st) return st.error();
            st->bind(1, to_string(kind)).bind(2, value).bind(3, domain::to_micros(now));
            auto row = st->step();
            if (!row) return row.error();
            if (!*row) continue;
            domain::Ban b = read_ban(*st);
            if (!first || b.id < first->id) first = std::move(b);
        }
        return first;
    });
}

Result<std::vector<domain::Ban>> list_active_bans(Connection& db, domain::Time now, int limit) {
    auto st = db.prepare(kActive);
    if (!st) return st.error();
    st->bind(1, domain::to_micros(now)).bind(2, std::int64_t{std::clamp(limit, 0, kMaxBans)});
    return collect<domain::Ban>(*st, read_ban);
}

Result<domain::Ban> lift_ban(Connection& db, std::int64_t id) {
    auto st = db.prepare("UPDATE bans SET lifted = 1 WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id);
    if (auto ok = st->run(); !ok) return ok.error();
    return get_ban(db, id);
}

Result<std::vector<domain::Ban>> bans_on(Connection& db, domain::BanKind kind, const std::string& value) {
    auto st = db.prepare(kByValue);
    if (!st) return st.error();
    st->bind(1, to_string(kind)).bind(2, value);
    return collect<domain::Ban>(*st, read_ban);
}

}  // namespace tribune::store::sqlite
