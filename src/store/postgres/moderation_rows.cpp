#include "store/postgres/moderation_rows.hpp"

namespace tribune::store::postgres {

using domain::from_micros;

// CHECK constraints keep roles, kinds and modes to the names the parse_* functions accept.

domain::User read_user(const PgResult& r, int row) {
    domain::User u;
    u.id = r.int64(row, 0);
    u.email = r.text(row, 1);
    u.name = r.text(row, 2);
    u.role = domain::parse_role(r.text_view(row, 3)).value_or(domain::Role::kReader);
    u.password_hash = r.text(row, 4);
    u.created_at = from_micros(r.int64(row, 5));
    u.disabled = r.int64(row, 6) != 0;
    u.email_verified = r.int64(row, 7) != 0;
    u.badge = r.text(row, 8);
    return u;
}

domain::Session read_session(const PgResult& r, int row) {
    domain::Session s;
    s.token_hash = r.text(row, 0);
    s.user_id = r.int64(row, 1);
    s.csrf_token = r.text(row, 2);
    s.created_at = from_micros(r.int64(row, 3));
    s.expires_at = from_micros(r.int64(row, 4));
    return s;
}

domain::Report read_report(const PgResult& r, int row) {
    domain::Report rep;
    rep.id = r.int64(row, 0);
    rep.comment_id = r.int64(row, 1);
    rep.reason = r.text(row, 2);
    rep.reporter = r.text(row, 3);
    rep.created_at = from_micros(r.int64(row, 4));
    rep.resolved = r.int64(row, 5) != 0;
    return rep;
}

domain::Ban read_ban(const PgResult& r, int row) {
    domain::Ban b;
    b.id = r.int64(row, 0);
    b.kind = domain::parse_ban_kind(r.text_view(row, 1)).value_or(domain::BanKind::kToken);
    b.value = r.text(row, 2);
    b.reason = r.text(row, 3);
    b.created_by = r.text(row, 4);
    b.created_at = from_micros(r.int64(row, 5));
    if (auto expires = r.optional_int64(row, 6)) b.expires_at = from_micros(*expires);
    b.lifted = r.int64(row, 7) != 0;
    return b;
}

domain::AuditEntry read_audit(const PgResult& r, int row) {
    domain::AuditEntry e;
    e.id = r.int64(row, 0);
    e.at = from_micros(r.int64(row, 1));
    e.actor_user_id = r.optional_int64(row, 2);
    e.actor = r.text(row, 3);
    e.action = r.text(row, 4);
    e.target = r.text(row, 5);
    e.before = r.text(row, 6);
    e.after = r.text(row, 7);
    return e;
}

domain::ThreadPolicy read_thread_policy(const PgResult& r, int row) {
    domain::ThreadPolicy p;
    p.page = r.text(row, 0);
    if (!r.is_null(row, 1)) p.moderation = domain::parse_moderation_mode(r.text_view(row, 1));
    p.closed = r.int64(row, 2) != 0;
    if (auto days = r.optional_int64(row, 3)) p.auto_close_days = static_cast<int>(*days);
    if (auto required = r.optional_int64(row, 4)) p.signin_required = *required != 0;
    return p;
}

}  // namespace tribune::store::postgres
