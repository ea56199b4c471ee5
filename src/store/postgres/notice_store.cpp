// PgStore's NoticeStore methods (store/notice_store.hpp).
#include <algorithm>

#include "store/common/change_notice.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/pg_store.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

const Statement kAddNotice(
    "INSERT INTO change_notices (page, comment_id, change, at) VALUES ($1::text, $2::bigint, $3::text, $4::bigint)");
const Statement kAnyNotice("SELECT EXISTS (SELECT 1 FROM change_notices)");
// SKIP LOCKED: nodes polling together each take different notices, never the same one twice.
const Statement kTakeNotices(
    "DELETE FROM change_notices WHERE id IN (SELECT id FROM change_notices ORDER BY id LIMIT $1::bigint"
    " FOR UPDATE SKIP LOCKED) RETURNING id, page, comment_id, change, at");

}  // namespace

Result<void> PgStore::add_notice(std::string_view page, domain::CommentId comment_id, std::string_view change,
                                 domain::Time at) {
    if (auto ok = check_notice_change(change); !ok) return ok.error();
    return run_write_void(*pool_, retry_, [&](Connection& db) -> Result<void> {
        Params params;
        params.add(page).add(std::int64_t{comment_id}).add(change).add(domain::to_micros(at));
        if (auto ok = db.run(kAddNotice, params); !ok) return ok.error();
        return {};
    });
}

Result<std::vector<ChangeNotice>> PgStore::take_notices(int limit) {
    limit = std::clamp(limit, 1, kMaxNoticesTaken);
    // Polled every second by every node: a read answers the usual "none" without a write.
    auto any = run_read<bool>(*pool_, retry_, [&](Connection& db) -> Result<bool> {
        auto r = db.run(kAnyNotice, Params());
        if (!r) return r.error();
        return r->rows() > 0 && r->boolean(0, 0);
    });
    if (!any) return any.error();
    if (!*any) return std::vector<ChangeNotice>{};
    return run_write<std::vector<ChangeNotice>>(*pool_, retry_, [&](Connection& db) -> Result<std::vector<ChangeNotice>> {
        auto r = db.run(kTakeNotices, Params().add(std::int64_t{limit}));
        if (!r) return r.error();
        std::vector<ChangeNotice> out;
        for (int i = 0; i < r->rows(); ++i)
            out.push_back(ChangeNotice{r->int64(i, 0), r->text(i, 1), r->int64(i, 2), r->text(i, 3),
                                       domain::from_micros(r->int64(i, 4))});
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        return out;
    });
}

}  // namespace tribune::store::postgres
