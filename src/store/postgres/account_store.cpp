// PgStore's AccountStore methods (store/account_store.hpp).
#include "store/postgres/pg_store.hpp"

#include <string>

#include "store/postgres/connection.hpp"
#include "store/postgres/moderation_rows.hpp"
#include "store/postgres/shared_steps.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

std::string select_users(std::string_view rest) {
    std::string s("SELECT ");
    s += kUserColumns;
    s += " FROM users ";
    s += rest;
    return s;
}

// A taken email inserts nothing and returns no row; concurrent inserts of one email wait for
// each other instead of failing on the unique index.
const Statement kInsertUser(
    "INSERT INTO users (email, name, role, password_hash, created_at, email_verified, badge) VALUES ($1::text,"
    " $2::text, $3::text, $4::text, $5::bigint, $6::smallint, $7::text) ON CONFLICT (email) DO NOTHING RETURNING id");
const Statement kUserById(select_users("WHERE id = $1::bigint"));
const Statement kUserByEmail(select_users("WHERE email = $1::text"));
const Statement kAllUsers(select_users("ORDER BY id"));
const Statement kUpdateUser([] {
    std::string s(
        "UPDATE users SET name = $2::text, role = $3::text, password_hash = $4::text, disabled = $5::smallint,"
        " email_verified = $6::smallint, badge = $7::text WHERE id = $1::bigint RETURNING ");
    s += kUserColumns;
    return s;
}());

const Statement kInsertSession(
    "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
    " VALUES ($1::text, $2::bigint, $3::text, $4::bigint, $5::bigint)");
const Statement kGetSession([] {
    std::string s("SELECT ");
    s += kSessionColumns;
    s += " FROM sessions WHERE token_hash = $1::text AND expires_at > $2::bigint";
    return s;
}());
const Statement kDeleteSession("DELETE FROM sessions WHERE token_hash = $1::text");
const Statement kExtendSession("UPDATE sessions SET expires_at = $2::bigint WHERE token_hash = $1::text");
const Statement kDeleteUserSessions("DELETE FROM sessions WHERE user_id = $1::bigint");

domain::Error user_not_found() {
    return domain::make_error(domain::ErrorCode::kNotFound, "Not found", "No such account.");
}

domain::Error email_taken() {
    return domain::make_error(domain::ErrorCode::kConflict, "Email taken", "An account with that email already exists.",
                              {{"email", "already taken"}});
}

domain::Error session_not_found() {
    return domain::make_error(domain::ErrorCode::kNotFound, "Not found", "No such session.");
}

Result<domain::User> one_user(Result<PgResult> r) {
    if (!r) return r.error();
    if (r->rows() == 0) return user_not_found();
    return read_user(*r, 0);
}

}  // namespace

Result<domain::User> PgStore::insert_user(const domain::NewUser& u) {
    return run_write<domain::User>(*pool_, retry_, [&](Connection& db) -> Result<domain::User> {
        Params params;
        params.add(u.email)
            .add(u.name)
            .add(to_string(u.role))
            .add(u.password_hash)
            .add(domain::to_micros(u.created_at))
            .add(std::int64_t{u.email_verified ? 1 : 0})
            .add(u.badge);
        auto r = db.run(kInsertUser, params);
        if (!r && r.error().code == domain::ErrorCode::kConflict) return email_taken();
        if (!r) return r.error();
        if (r->rows() == 0) return email_taken();
        domain::User stored;
        stored.id = r->int64(0, 0);
        stored.email = u.email;
        stored.name = u.name;
        stored.role = u.role;
        stored.password_hash = u.password_hash;
        stored.created_at = u.created_at;
        stored.email_verified = u.email_verified;
        stored.badge = u.badge;
        return stored;
    });
}

Result<domain::User> user_by_id(Connection& db, domain::UserId id) {
    return one_user(db.run(kUserById, Params().add(id)));
}

Result<domain::User> PgStore::get_user(domain::UserId id) {
    return run_read<domain::User>(*pool_, retry_, [&](Connection& db) { return user_by_id(db, id); });
}

Result<domain::User> PgStore::find_user_by_email(std::string_view email) {
    return run_read<domain::User>(*pool_, retry_, [&](Connection& db) -> Result<domain::User> {
        return one_user(db.run(kUserByEmail, Params().add(email)));
    });
}

Result<std::vector<domain::User>> PgStore::list_users() {
    return run_read<std::vector<domain::User>>(*pool_, retry_,
                                               [&](Connection& db) -> Result<std::vector<domain::User>> {
                                                   auto r = db.run(kAllUsers);
                                                   if (!r) return r.error();
                                                   std::vector<domain::User> out;
                                                   out.reserve(static_cast<std::size_t>(r->rows()));
                                                   for (int i = 0; i < r->rows(); ++i) out.push_back(read_user(*r, i));
                                                   return out;
                                               });
}

Result<domain::User> PgStore::update_user(const domain::User& u) {
    return run_write<domain::User>(*pool_, retry_, [&](Connection& db) -> Result<domain::User> {
        Params params;
        params.add(u.id).add(u.name).add(to_string(u.role)).add(u.password_hash).add(std::int64_t{u.disabled ? 1 : 0});
        params.add(std::int64_t{u.email_verified ? 1 : 0}).add(u.badge);
        return one_user(db.run(kUpdateUser, params));
    });
}

Result<void> PgStore::insert_session(const domain::Session& s) {
    return run_write_void(*pool_, retry_, [&](Connection& db) -> Result<void> {
        Params params;
        params.add(s.token_hash).add(s.user_id).add(s.csrf_token).add(domain::to_micros(s.created_at));
        params.add(domain::to_micros(s.expires_at));
        if (auto ok = db.run(kInsertSession, params); !ok) return ok.error();
        return {};
    });
}

Result<domain::Session> PgStore::get_session(std::string_view token_hash, domain::Time now) {
    return run_read<domain::Session>(*pool_, retry_, [&](Connection& db) -> Result<domain::Session> {
        auto r = db.run(kGetSession, Params().add(token_hash).add(domain::to_micros(now)));
        if (!r) return r.error();
        if (r->rows() == 0) return session_not_found();
        return read_session(*r, 0);
    });
}

Result<void> PgStore::delete_session(std::string_view token_hash) {
    return run_write_void(*pool_, retry_, [&](Connection& db) -> Result<void> {
        if (auto ok = db.run(kDeleteSession, Params().add(token_hash)); !ok) return ok.error();
        return {};
    });
}

Result<void> PgStore::extend_session(std::string_view token_hash, domain::Time expires_at) {
    return run_write_void(*pool_, retry_, [&](Connection& db) -> Result<void> {
        if (auto ok = db.run(kExtendSession, Params().add(token_hash).add(domain::to_micros(expires_at))); !ok)
            return ok.error();
        return {};
    });
}

Result<void> end_user_sessions(Connection& db, domain::UserId user_id) {
    if (auto ok = db.run(kDeleteUserSessions, Params().add(user_id)); !ok) return ok.error();
    return {};
}

Result<void> PgStore::delete_user_sessions(domain::UserId user_id) {
    return run_write_void(*pool_, retry_, [&](Connection& db) { return end_user_sessions(db, user_id); });
}

}  // namespace tribune::store::postgres
