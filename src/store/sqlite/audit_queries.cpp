#include "store/sqlite/audit_queries.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::Result;

constexpr int kMaxEntries = 1000;

const std::string kNewest =
    "SELECT " + std::string(kAuditColumns) + " FROM audit_log WHERE id < ?1 ORDER BY id DESC LIMIT ?2";
const std::string kNewestOfTarget = "SELECT " + std::string(kAuditColumns) +
                                    " FROM audit_log WHERE target = ?3 AND id < ?1 ORDER BY id DESC LIMIT ?2";

}  // namespace

Result<domain::AuditEntry> append_audit(Connection& db, const domain::AuditEntry& e) {
    auto st = db.prepare(
        "INSERT INTO audit_log (at, actor_user_id, actor, action, target, before_json, after_json)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return st.error();
    st->bind(1, domain::to_micros(e.at)).bind(2, e.actor_user_id).bind(3, e.actor).bind(4, e.action);
    st->bind(5, e.target).bind(6, e.before).bind(7, e.after);
    if (auto ok = st->run(); !ok) return ok.error();
    domain::AuditEntry stored = e;
    stored.id = sqlite3_last_insert_rowid(db.handle());
    return stored;
}

Result<std::vector<domain::AuditEntry>> list_audit(Connection& db, std::optional<std::int64_t> before_id,
                                                   int limit, std::string_view target) {
    auto st = db.prepare(target.empty() ? kNewest : kNewestOfTarget);
    if (!st) return st.error();
    st->bind(1, before_id.value_or(std::numeric_limits<std::int64_t>::max()));
    st->bind(2, std::int64_t{std::clamp(limit, 0, kMaxEntries)});
    if (!target.empty()) st->bind(3, target);
    return collect<domain::AuditEntry>(*st, read_audit_entry);
}

Result<std::int64_t> scrub_audit_target(Connection& db, std::string_view target) {
    auto st = db.prepare(
        "UPDATE audit_log SET before_json = '{\"erased\":true}', after_json = '{\"erased\":true}'"
        " WHERE target = ?1");
    if (!st) return st.error();
    st->bind(1, target);
    if (auto ok = st->run(); !ok) return ok.error();
    return std::int64_t{sqlite3_changes(db.handle())};
}

}  // namespace tribune::store::sqlite
