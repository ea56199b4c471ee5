#include "store/postgres/audit_queries.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "store/postgres/connection.hpp"
#include "store/postgres/moderation_rows.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

constexpr int kMaxEntries = 1000;

std::string select_audit(std::string_view rest) {
    std::string s("SELECT ");
    s += kAuditColumns;
    s += " FROM audit_log WHERE id < $1::bigint";
    s += rest;
    s += " ORDER BY id DESC LIMIT $2::bigint";
    return s;
}

const Statement kAppend(
    "INSERT INTO audit_log (at, actor_user_id, actor, action, target, before_json, after_json)"
    " VALUES ($1::bigint, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text) RETURNING id");
// Two statements rather than "($3 = '' OR target = $3)", so the one-target form always walks
// audit_log_by_target.
const Statement kListAll(select_audit(""));
const Statement kListTarget(select_audit(" AND target = $3::text"));

}  // namespace

Result<domain::AuditEntry> append_audit(Connection& db, const domain::AuditEntry& e) {
    Params params;
    params.add(domain::to_micros(e.at)).add(e.actor_user_id).add(e.actor).add(e.action).add(e.target);
    params.add(e.before).add(e.after);
    auto r = db.run(kAppend, params);
    if (!r) return r.error();
    domain::AuditEntry stored = e;
    stored.id = r->int64(0, 0);
    return stored;
}

Result<std::vector<domain::AuditEntry>> list_audit(Connection& db, std::optional<std::int64_t> before_id,
                                                   int limit, std::string_view target) {
    Params params;
    params.add(before_id.value_or(std::numeric_limits<std::int64_t>::max()));
    params.add(std::int64_t{std::clamp(limit, 0, kMaxEntries)});
    if (!target.empty()) params.add(target);
    auto r = db.run(target.empty() ? kListAll : kListTarget, params);
    if (!r) return r.error();
    std::vector<domain::AuditEntry> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_audit(*r, i));
    return out;
}

}  // namespace tribune::store::postgres
