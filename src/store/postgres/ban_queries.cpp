#include "store/postgres/ban_queries.hpp"

#include <algorithm>

#include "store/postgres/connection.hpp"
#include "store/postgres/moderation_rows.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

constexpr int kMaxBans = 1000;

std::string select_bans(std::string_view rest) {
    std::string s("SELECT ");
    s += kBanColumns;
    s += " FROM bans ";
    s += rest;
    return s;
}

const Statement kInsertBan(
    "INSERT INTO bans (kind, value, reason, created_by, created_at, expires_at, lifted)"
    " VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint, $6::bigint, $7::smallint) RETURNING id");
// The (kind, value) pairs arrive as two arrays of equal length, unnested side by side.
const Statement kFindActive(
    select_bans("WHERE (kind, value) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND lifted = 0"
                " AND (expires_at IS NULL OR expires_at > $3::bigint) ORDER BY id LIMIT 1"));
const Statement kListActive(
    select_bans("WHERE lifted = 0 AND (expires_at IS NULL OR expires_at > $1::bigint)"
                " ORDER BY created_at DESC, id DESC LIMIT $2::bigint"));
const Statement kLift([] {
    std::string s("UPDATE bans SET lifted = 1 WHERE id = $1::bigint RETURNING ");
    s += kBanColumns;
    return s;
}());

domain::Error ban_not_found() {
    return domain::make_error(domain::ErrorCode::kNotFound, "Not found", "No such ban.");
}

}  // namespace

Result<domain::Ban> insert_ban(Connection& db, const domain::Ban& b) {
    Params params;
    params.add(to_string(b.kind))
        .add(b.value)
        .add(b.reason)
        .add(b.created_by)
        .add(domain::to_micros(b.created_at));
    params.add(b.expires_at ? std::optional<std::int64_t>(domain::to_micros(*b.expires_at)) : std::nullopt);
    params.add(std::int64_t{b.lifted ? 1 : 0});
    auto r = db.run(kInsertBan, params);
    if (!r) return r.error();
    domain::Ban stored = b;
    stored.id = r->int64(0, 0);
    return stored;
}

Result<std::optional<domain::Ban>> find_active_ban(
    Connection& db, const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) {
    if (keys.empty()) return std::optional<domain::Ban>();
    std::vector<std::string> kinds;
    std::vector<std::string> values;
    kinds.reserve(keys.size());
    values.reserve(keys.size());
    for (const auto& [kind, value] : keys) {
        kinds.emplace_back(to_string(kind));
        values.push_back(value);
    }
    auto r = db.run(kFindActive,
                    Params().add(text_array(kinds)).add(text_array(values)).add(domain::to_micros(now)));
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<domain::Ban>();
    return std::optional<domain::Ban>(read_ban(*r, 0));
}

Result<std::vector<domain::Ban>> list_active_bans(Connection& db, domain::Time now, int limit) {
    auto r = db.run(kListActive,
                    Params().add(domain::to_micros(now)).add(std::int64_t{std::clamp(limit, 0, kMaxBans)}));
    if (!r) return r.error();
    std::vector<domain::Ban> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_ban(*r, i));
    return out;
}

Result<domain::Ban> lift_ban(Connection& db, std::int64_t id) {
    auto r = db.run(kLift, Params().add(id));
    if (!r) return r.error();
    if (r->rows() == 0) return ban_not_found();
    return read_ban(*r, 0);
}

}  // namespace tribune::store::postgres
