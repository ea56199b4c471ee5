// SqliteStore's PolicyStore methods (store/policy_store.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include "store/sqlite/connection.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {

using domain::Result;

Result<std::optional<domain::ThreadPolicy>> SqliteStore::get_thread_policy(std::string_view page) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::optional<domain::ThreadPolicy>> {
        auto st = db.prepare(
            "SELECT moderation, closed, auto_close_days, signin_required FROM thread_policies WHERE page = ?1");
        if (!st) return st.error();
        st->bind(1, page);
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) return std::optional<domain::ThreadPolicy>();
        domain::ThreadPolicy p;
        p.page = std::string(page);
        // The CHECK constraint keeps the mode to the names parse_moderation_mode accepts.
        if (!st->is_null(0)) p.moderation = domain::parse_moderation_mode(st->text(0));
        p.closed = st->int64(1) != 0;
        if (auto days = st->optional_int64(2)) p.auto_close_days = static_cast<int>(*days);
        if (auto required = st->optional_int64(3)) p.signin_required = *required != 0;
        return std::optional<domain::ThreadPolicy>(std::move(p));
    });
}

Result<void> SqliteStore::put_thread_policy(const domain::ThreadPolicy& p) {
    return write_void(*writer_, *health_, [&](Connection& db) -> Result<void> {
        auto st = db.prepare(
            "INSERT INTO thread_policies (page, moderation, closed, auto_close_days, signin_required)"
            " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (page) DO UPDATE SET moderation = excluded.moderation,"
            " closed = excluded.closed, auto_close_days = excluded.auto_close_days,"
            " signin_required = excluded.signin_required");
        if (!st) return st.error();
        st->bind(1, p.page);
        if (p.moderation) st->bind(2, to_string(*p.moderation));
        else st->bind_null(2);
        st->bind(3, std::int64_t{p.closed ? 1 : 0});
        if (p.auto_close_days) st->bind(4, std::int64_t{*p.auto_close_days});
        else st->bind_null(4);
        if (p.signin_required) st->bind(5, std::int64_t{*p.signin_required ? 1 : 0});
        else st->bind_null(5);
        return st->run();
    });
}

Result<std::optional<std::string>> SqliteStore::get_setting(std::string_view key) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::optional<std::string>> {
        auto st = db.prepare("SELECT value FROM settings WHERE key = ?1");
        if (!st) return st.error();
        st->bind(1, key);
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) return std::optional<std::string>();
        return std::optional<std::string>(st->text(0));
    });
}

Result<void> SqliteStore::put_setting(std::string_view key, std::string_view value) {
    return write_void(*writer_, *health_, [&](Connection& db) -> Result<void> {
        auto st = db.prepare(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = "
            "excluded.value");
        if (!st) return st.error();
        st->bind(1, key).bind(2, value);
        return st->run();
    });
}

Result<std::optional<domain::Time>> SqliteStore::first_comment_at(std::string_view page) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::optional<domain::Time>> {
        auto st = db.prepare("SELECT min(created_at) FROM comments WHERE page = ?1 AND parent_id IS NULL");
        if (!st) return st.error();
        st->bind(1, page);
        auto row = st->step();
        if (!row) return row.error();
        auto micros = st->optional_int64(0);
        if (!micros) return std::optional<domain::Time>();
        return std::optional<domain::Time>(domain::from_micros(*micros));
    });
}

}  // namespace tribune::store::sqlite
