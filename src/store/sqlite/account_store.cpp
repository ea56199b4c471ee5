// SqliteStore's AccountStore methods (store/account_store.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include <string>

#include <sqlite3.h>

#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/shared_steps.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::ErrorCode;
using domain::Result;

domain::Error user_not_found() { return domain::make_error(ErrorCode::kNotFound, "Not found", "No such account."); }

domain::Error email_taken() {
    return domain::make_error(ErrorCode::kConflict, "Email taken", "An account with that email already exists.",
                              {{"email", "already taken"}});
}

domain::Error session_not_found() { return domain::make_error(ErrorCode::kNotFound, "Not found", "No such session."); }

const std::string kById = "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = ?1";
const std::string kByEmail = "SELECT " + std::string(kUserColumns) + " FROM users WHERE email = ?1";
const std::string kAll = "SELECT " + std::string(kUserColumns) + " FROM users ORDER BY id";
const std::string kSession =
    "SELECT " + std::string(kSessionColumns) + " FROM sessions WHERE token_hash = ?1 AND expires_at > ?2";

template <class Key>
Result<domain::User> one_user(Connection& db, const std::string& sql, const Key& key) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    st->bind(1, key);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return user_not_found();
    return read_user(*st);
}

}  // namespace

Result<domain::User> SqliteStore::insert_user(const domain::NewUser& u) {
    return write<domain::User>(*writer_, *health_, [&](Connection& db) -> Result<domain::User> {
        if (auto existing = user_by_email(db, u.email); existing) return email_taken();
        auto st =
            db.prepare("INSERT INTO users (email, name, role, password_hash, created_at, newsroom_role, email_verified,"
                       " badge) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        if (!st) return st.error();
        const StoredRole role = stored_role(u.role);
        st->bind(1, u.email).bind(2, u.name).bind(3, role.role).bind(4, u.password_hash);
        st->bind(5, domain::to_micros(u.created_at)).bind(6, role.newsroom_role);
        st->bind(7, std::int64_t{u.email_verified ? 1 : 0}).bind(8, u.badge);
        if (auto ok = st->run(); !ok) {
            if (ok.error().code == ErrorCode::kConflict) return email_taken();
            return ok.error();
        }
        domain::User stored;
        stored.id = sqlite3_last_insert_rowid(db.handle());
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

Result<domain::User> user_by_id(Connection& db, domain::UserId id) { return one_user(db, kById, id); }

Result<domain::User> SqliteStore::get_user(domain::UserId id) {
    return read(*readers_, *health_, [&](Connection& db) { return user_by_id(db, id); });
}

Result<domain::User> user_by_email(Connection& db, std::string_view email) { return one_user(db, kByEmail, email); }

Result<domain::User> SqliteStore::find_user_by_email(std::string_view email) {
    return read(*readers_, *health_, [&](Connection& db) { return user_by_email(db, email); });
}

Result<std::vector<domain::User>> SqliteStore::list_users() {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<domain::User>> {
        auto st = db.prepare(kAll);
        if (!st) return st.error();
        return collect<domain::User>(*st, read_user);
    });
}

Result<domain::User> SqliteStore::update_user(const domain::User& u) {
    return write<domain::User>(*writer_, *health_, [&](Connection& db) -> Result<domain::User> {
        auto st = db.prepare(
            "UPDATE users SET name = ?2, role = ?3, password_hash = ?4, disabled = ?5, newsroom_role = ?6,"
            " email_verified = ?7, badge = ?8 WHERE id = ?1");
        if (!st) return st.error();
        const StoredRole role = stored_role(u.role);
        st->bind(1, u.id).bind(2, u.name).bind(3, role.role).bind(4, u.password_hash);
        st->bind(5, std::int64_t{u.disabled ? 1 : 0}).bind(6, role.newsroom_role);
        st->bind(7, std::int64_t{u.email_verified ? 1 : 0}).bind(8, u.badge);
        if (auto ok = st->run(); !ok) return ok.error();
        return user_by_id(db, u.id);
    });
}

Result<void> SqliteStore::insert_session(const domain::Session& s) {
    return write_void(*writer_, *health_, [&](Connection& db) -> Result<void> {
        auto st = db.prepare(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)"
            " VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!st) return st.error();
        st->bind(1, s.token_hash).bind(2, s.user_id).bind(3, s.csrf_token);
        st->bind(4, domain::to_micros(s.created_at)).bind(5, domain::to_micros(s.expires_at));
        return st->run();
    });
}

Result<domain::Session> SqliteStore::get_session(std::string_view token_hash, domain::Time now) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<domain::Session> {
        auto st = db.prepare(kSession);
        if (!st) return st.error();
        st->bind(1, token_hash).bind(2, domain::to_micros(now));
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) return session_not_found();
        return read_session(*st);
    });
}

Result<void> SqliteStore::delete_session(std::string_view token_hash) {
    return write_void(*writer_, *health_, [&](Connection& db) -> Result<void> {
        auto st = db.prepare("DELETE FROM sessions WHERE token_hash = ?1");
        if (!st) return st.error();
        st->bind(1, token_hash);
        return st->run();
    });
}

Result<void> SqliteStore::extend_session(std::string_view token_hash, domain::Time expires_at) {
    return write_void(*writer_, *health_, [&](Connection& db) -> Result<void> {
        auto st = db.prepare("UPDATE sessions SET expires_at = ?2 WHERE token_hash = ?1");
        if (!st) return st.error();
        st->bind(1, token_hash).bind(2, domain::to_micros(expires_at));
        return st->run();
    });
}

Result<void> end_user_sessions(Connection& db, domain::UserId user_id) {
    auto st = db.prepare("DELETE FROM sessions WHERE user_id = ?1");
    if (!st) return st.error();
    st->bind(1, user_id);
    return st->run();
}

Result<void> SqliteStore::delete_user_sessions(domain::UserId user_id) {
    return write_void(*writer_, *health_, [&](Connection& db) { return end_user_sessions(db, user_id); });
}

Result<bool> delete_user(Connection& db, domain::UserId id) {
    if (auto ok = end_user_sessions(db, id); !ok) return ok.error();
    auto st = db.prepare("DELETE FROM users WHERE id = ?1");
    if (!st) return st.error();
    st->bind(1, id);
    if (auto ok = st->run(); !ok) return ok.error();
    return sqlite3_changes(db.handle()) > 0;
}

}  // namespace tribune::store::sqlite
