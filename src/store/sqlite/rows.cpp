#include "store/sqlite/rows.hpp"

#include "store/common/rows.hpp"

namespace tribune::store::sqlite {

domain::Comment read_comment(const Statement& row, int first) { return comment_from_row(row, first); }

// CHECK constraints keep role, kind and mode to the names the parse_* functions accept.

StoredRole stored_role(domain::Role r) {
    if (r == domain::Role::kAuthor || r == domain::Role::kEditor) return {"reader", domain::to_string(r)};
    return {domain::to_string(r), ""};
}

domain::User read_user(const Statement& row) {
    domain::User u;
    u.id = row.int64(0);
    u.email = row.text(1);
    u.name = row.text(2);
    const std::string newsroom = row.text(7);
    u.role = domain::parse_role(newsroom.empty() ? row.text(3) : newsroom).value_or(domain::Role::kReader);
    u.password_hash = row.text(4);
    u.created_at = domain::from_micros(row.int64(5));
    u.disabled = row.int64(6) != 0;
    u.email_verified = row.int64(8) != 0;
    u.badge = row.text(9);
    return u;
}

domain::Session read_session(const Statement& row) {
    domain::Session s;
    s.token_hash = row.text(0);
    s.user_id = row.int64(1);
    s.csrf_token = row.text(2);
    s.created_at = domain::from_micros(row.int64(3));
    s.expires_at = domain::from_micros(row.int64(4));
    return s;
}

domain::Report read_report(const Statement& row) {
    domain::Report r;
    r.id = row.int64(0);
    r.comment_id = row.int64(1);
    r.reason = row.text(2);
    r.reporter = row.text(3);
    r.created_at = domain::from_micros(row.int64(4));
    r.resolved = row.int64(5) != 0;
    return r;
}

domain::Ban read_ban(const Statement& row) {
    domain::Ban b;
    b.id = row.int64(0);
    b.kind = domain::parse_ban_kind(row.text(1)).value_or(domain::BanKind::kToken);
    b.value = row.text(2);
    b.reason = row.text(3);
    b.created_by = row.text(4);
    b.created_at = domain::from_micros(row.int64(5));
    if (auto expires = row.optional_int64(6)) b.expires_at = domain::from_micros(*expires);
    b.lifted = row.int64(7) != 0;
    return b;
}

domain::AuditEntry read_audit_entry(const Statement& row) {
    domain::AuditEntry e;
    e.id = row.int64(0);
    e.at = domain::from_micros(row.int64(1));
    e.actor_user_id = row.optional_int64(2);
    e.actor = row.text(3);
    e.action = row.text(4);
    e.target = row.text(5);
    e.before = row.text(6);
    e.after = row.text(7);
    return e;
}

}  // namespace tribune::store::sqlite
