// PgStore's PolicyStore methods (store/policy_store.hpp).
#include "store/postgres/pg_store.hpp"

#include <cstdint>

#include "store/postgres/connection.hpp"
#include "store/postgres/moderation_rows.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

const Statement kGetPolicy([] {
    std::string s("SELECT ");
    s += kThreadPolicyColumns;
    s += " FROM thread_policies WHERE page = $1::text";
    return s;
}());
const Statement kPutPolicy(
    "INSERT INTO thread_policies (page, moderation, closed, auto_close_days, signin_required)"
    " VALUES ($1::text, $2::text, $3::smallint, $4::integer, $5::smallint) ON CONFLICT (page) DO UPDATE SET"
    " moderation = excluded.moderation, closed = excluded.closed, auto_close_days = excluded.auto_close_days,"
    " signin_required = excluded.signin_required");
// A thread opens with a top-level comment (replies come after their parent), so the top-level
// ones suffice, and comments_top_by_page serves them.
const Statement kFirstCommentAt("SELECT min(created_at) FROM comments WHERE page = $1::text AND parent_id IS NULL");
const Statement kGetSetting("SELECT value FROM settings WHERE key = $1::text");
const Statement kPutSetting(
    "INSERT INTO settings (key, value) VALUES ($1::text, $2::text)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value");

}  // namespace

Result<std::optional<domain::ThreadPolicy>> PgStore::get_thread_policy(std::string_view page) {
    return run_read<std::optional<domain::ThreadPolicy>>(
        *pool_, retry_, [&](Connection& db) -> Result<std::optional<domain::ThreadPolicy>> {
            auto r = db.run(kGetPolicy, Params().add(page));
            if (!r) return r.error();
            if (r->rows() == 0) return std::optional<domain::ThreadPolicy>();
            return std::optional<domain::ThreadPolicy>(read_thread_policy(*r, 0));
        });
}

Result<void> PgStore::put_thread_policy(const domain::ThreadPolicy& p) {
    return run_write_void(*pool_, retry_, [&](Connection& db) -> Result<void> {
        Params params;
        params.add(p.page);
        if (p.moderation) {
            params.add(to_string(*p.moderation));
        } else {
            params.add(std::optional<std::int64_t>());
        }
        params.add(std::int64_t{p.closed ? 1 : 0});
        params.add(p.auto_close_days ? std::optional<std::int64_t>(*p.auto_close_days) : std::nullopt);
        params.add(p.signin_required ? std::optional<std::int64_t>(*p.signin_required ? 1 : 0) : std::nullopt);
        if (auto ok = db.run(kPutPolicy, params); !ok) return ok.error();
        return {};
    });
}

Result<std::optional<domain::Time>> PgStore::first_comment_at(std::string_view page) {
    return run_read<std::optional<domain::Time>>(*pool_, retry_,
                                                 [&](Connection& db) -> Result<std::optional<domain::Time>> {
                                                     auto r = db.run(kFirstCommentAt, Params().add(page));
                                                     if (!r) return r.error();
                                                     auto micros = r->optional_int64(0, 0);
                                                     if (!micros) return std::optional<domain::Time>();
                                                     return std::optional<domain::Time>(domain::from_micros(*micros));
                                                 });
}

Result<std::optional<std::string>> PgStore::get_setting(std::string_view key) {
    return run_read<std::optional<std::string>>(*pool_, retry_,
                                                [&](Connection& db) -> Result<std::optional<std::string>> {
                                                    auto r = db.run(kGetSetting, Params().add(key));
                                                    if (!r) return r.error();
                                                    if (r->rows() == 0) return std::optional<std::string>();
                                                    return std::optional<std::string>(r->text(0, 0));
                                                });
}

Result<void> PgStore::put_setting(std::string_view key, std::string_view value) {
    return run_write_void(*pool_, retry_, [&](Connection& db) -> Result<void> {
        if (auto ok = db.run(kPutSetting, Params().add(key).add(value)); !ok) return ok.error();
        return {};
    });
}

}  // namespace tribune::store::postgres
