#include "store/sqlite/policy_queries.hpp"

#include "store/sqlite/connection.hpp"

namespace tribune::store::sqlite {

using domain::Result;

Result<std::optional<domain::ThreadPolicy>> get_thread_policy(Connection& db, std::string_view page) {
    auto st = db.prepare("SELECT moderation, closed, auto_close_days FROM thread_policies WHERE page = ?1");
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
    return std::optional<domain::ThreadPolicy>(std::move(p));
}

Result<void> put_thread_policy(Connection& db, const domain::ThreadPolicy& p) {
    auto st = db.prepare(
        "INSERT INTO thread_policies (page, moderation, closed, auto_close_days) VALUES (?1, ?2, ?3, ?4)"
        " ON CONFLICT (page) DO UPDATE SET moderation = excluded.moderation, closed = excluded.closed,"
        " auto_close_days = excluded.auto_close_days");
    if (!st) return st.error();
    st->bind(1, p.page);
    if (p.moderation) st->bind(2, to_string(*p.moderation));
    else st->bind_null(2);
    st->bind(3, std::int64_t{p.closed ? 1 : 0});
    if (p.auto_close_days) st->bind(4, std::int64_t{*p.auto_close_days});
    else st->bind_null(4);
    return st->run();
}

Result<std::optional<std::string>> get_setting(Connection& db, std::string_view key) {
    auto st = db.prepare("SELECT value FROM settings WHERE key = ?1");
    if (!st) return st.error();
    st->bind(1, key);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(st->text(0));
}

Result<void> put_setting(Connection& db, std::string_view key, std::string_view value) {
    auto st = db.prepare(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = "
        "excluded.value");
    if (!st) return st.error();
    st->bind(1, key).bind(2, value);
    return st->run();
}

}  // namespace tribune::store::sqlite
