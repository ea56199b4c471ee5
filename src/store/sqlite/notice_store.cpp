// SqliteStore's NoticeStore methods (store/notice_store.hpp).
#include <algorithm>

#include "store/common/change_notice.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {

using domain::Result;

Result<void> SqliteStore::add_notice(std::string_view page, domain::CommentId comment_id, std::string_view change,
                                     domain::Time at) {
    if (auto ok = check_notice_change(change); !ok) return ok.error();
    return write_void(*writer_, *health_, [&](Connection& db) -> Result<void> {
        auto st = db.prepare("INSERT INTO change_notices (page, comment_id, change, at) VALUES (?1, ?2, ?3, ?4)");
        if (!st) return st.error();
        st->bind(1, page);
        st->bind(2, std::int64_t{comment_id});
        st->bind(3, change);
        st->bind(4, domain::to_micros(at));
        return st->run();
    });
}

Result<std::vector<ChangeNotice>> SqliteStore::take_notices(int limit) {
    limit = std::clamp(limit, 1, kMaxNoticesTaken);
    // Polled every second by a running node: a read answers the usual "none" without the writer.
    auto any = read(*readers_, *health_, [&](Connection& db) -> Result<bool> {
        auto st = db.prepare("SELECT EXISTS (SELECT 1 FROM change_notices)");
        if (!st) return st.error();
        auto row = st->step();
        if (!row) return row.error();
        return *row && st->int64(0) != 0;
    });
    if (!any) return any.error();
    if (!*any) return std::vector<ChangeNotice>{};
    return write<std::vector<ChangeNotice>>(*writer_, *health_, [&](Connection& db) -> Result<std::vector<ChangeNotice>> {
        auto st = db.prepare(
            "DELETE FROM change_notices WHERE id IN (SELECT id FROM change_notices ORDER BY id LIMIT ?1)"
            " RETURNING id, page, comment_id, change, at");
        if (!st) return st.error();
        st->bind(1, std::int64_t{limit});
        std::vector<ChangeNotice> out;
        for (;;) {
            auto row = st->step();
            if (!row) return row.error();
            if (!*row) break;
            out.push_back(ChangeNotice{st->int64(0), st->text(1), st->int64(2), st->text(3),
                                       domain::from_micros(st->int64(4))});
        }
        // RETURNING gives rows in no promised order.
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        return out;
    });
}

}  // namespace tribune::store::sqlite
