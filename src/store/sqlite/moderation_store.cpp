// SqliteStore's ModerationStore methods (store/moderation_store.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "store/common/columns.hpp"
#include "store/common/comment_rules.hpp"
#include "store/outbox_types.hpp"
#include "store/sqlite/author_sql.hpp"
#include "store/sqlite/change_executor.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/shared_steps.hpp"
#include "store/sqlite/snapshot.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::Result;

constexpr int kMaxRecentTexts = 1000;

std::string_view status_of(Queue queue) {
    switch (queue) {
        case Queue::kPending: return "pending";
        case Queue::kApproved: return "approved";
        case Queue::kRejected: return "rejected";
        case Queue::kSpam: return "spam";
        case Queue::kDeleted: return "deleted";
        case Queue::kReported: return {};
    }
    return {};
}

// The queue query for `q`'s shape. Parameters: ?1 the status (or min_reports for kReported),
// ?2 the exclusive start id, ?3 the row limit, then ?4 text, ?5 author, ?6 page for the filters
// in use. lower() folds ASCII only, which is what the contract asks; instr() needs no escaping.
std::string queue_sql(const QueueQuery& q) {
    const bool newest = q.order == domain::SortOrder::kNewest;
    std::string s = "SELECT ";
    s += kCommentColumns;
    s += " FROM comments WHERE ";
    s += q.queue == Queue::kReported ? "open_reports > 0 AND open_reports >= ?1" : "status = ?1";
    s += newest ? " AND id < ?2" : " AND id > ?2";
    if (!q.text_contains.empty()) s += " AND instr(lower(text), lower(?4)) > 0";
    if (!q.author_contains.empty()) s += " AND instr(lower(author_name), lower(?5)) > 0";
    if (!q.page.empty()) s += " AND page = ?6";
    s += newest ? " ORDER BY id DESC" : " ORDER BY id ASC";
    s += " LIMIT ?3";
    return s;
}

// The approved queue is most of the store: the threads' stored counts answer it in O(threads).
Result<std::int64_t> count_one(Connection& db, Queue queue, std::int64_t min_reports) {
    const char* sql = "SELECT count(*) FROM comments WHERE status = ?1";
    if (queue == Queue::kApproved) sql = "SELECT coalesce(sum(approved_count), 0) FROM threads";
    if (queue == Queue::kReported) sql = "SELECT count(*) FROM comments WHERE open_reports > 0 AND open_reports >= ?1";
    auto st = db.prepare(sql);
    if (!st) return st.error();
    if (queue == Queue::kReported) st->bind(1, min_reports);
    else if (queue != Queue::kApproved) st->bind(1, status_of(queue));
    auto row = st->step();
    if (!row) return row.error();
    return st->int64(0);
}

using domain::ErrorCode;

domain::Error already_reported() {
    return domain::make_error(ErrorCode::kConflict, "Already reported", "You have already reported this comment.");
}

const std::string kReportsFor =
    "SELECT " + std::string(kReportColumns) + " FROM reports WHERE comment_id = ?1 ORDER BY id";

constexpr int kMaxBans = 1000;

domain::Error ban_not_found() { return domain::make_error(ErrorCode::kNotFound, "Not found", "No such ban."); }

const std::string kById = "SELECT " + std::string(kBanColumns) + " FROM bans WHERE id = ?1";
const std::string kActiveByValue = "SELECT " + std::string(kBanColumns) +
                                   " FROM bans WHERE kind = ?1 AND value = ?2 AND lifted = 0"
                                   " AND (expires_at IS NULL OR expires_at > ?3) ORDER BY id LIMIT 1";
const std::string kActive = "SELECT " + std::string(kBanColumns) +
                            " FROM bans WHERE lifted = 0 AND (expires_at IS NULL OR expires_at > ?1)"
                            " ORDER BY created_at DESC, id DESC LIMIT ?2";
const std::string kByValue =
    "SELECT " + std::string(kBanColumns) + " FROM bans WHERE kind = ?1 AND value = ?2 ORDER BY id";

Result<domain::Ban> get_ban(Connection& db, std::int64_t id) {
    auto st = db.prepare(kById);
    if (!st) return st.error();
    st->bind(1, id);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return ban_not_found();
    return read_ban(*st);
}

constexpr int kMaxEntries = 1000;

const std::string kNewest =
    "SELECT " + std::string(kAuditColumns) + " FROM audit_log WHERE id < ?1 ORDER BY id DESC LIMIT ?2";
const std::string kNewestOfTarget =
    "SELECT " + std::string(kAuditColumns) + " FROM audit_log WHERE target = ?3 AND id < ?1 ORDER BY id DESC LIMIT ?2";

}  // namespace

Result<CommentPage> SqliteStore::list_queue(const QueueQuery& q) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<CommentPage> {
        const int limit = std::clamp(q.limit, 1, kMaxListLimit);
        auto st = db.prepare(queue_sql(q));
        if (!st) return st.error();
        if (q.queue == Queue::kReported) st->bind(1, q.min_reports);
        else st->bind(1, status_of(q.queue));
        const bool newest = q.order == domain::SortOrder::kNewest;
        st->bind(2, q.after_id.value_or(newest ? std::numeric_limits<std::int64_t>::max() : 0));
        st->bind(3, std::int64_t{limit} + 1);  // one extra row tells has_more
        if (!q.text_contains.empty()) st->bind(4, q.text_contains);
        if (!q.author_contains.empty()) st->bind(5, q.author_contains);
        if (!q.page.empty()) st->bind(6, q.page);

        auto rows = collect<domain::Comment>(*st, [](const Statement& row) { return read_comment(row); });
        if (!rows) return rows.error();
        return CommentPage::of(std::move(*rows), limit);
    });
}

Result<std::vector<std::int64_t>> SqliteStore::count_queues(const std::vector<Queue>& queues,
                                                            std::int64_t min_reports) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<std::int64_t>> {
        return in_snapshot(db, [&]() -> Result<std::vector<std::int64_t>> {
            std::vector<std::int64_t> counts;
            counts.reserve(queues.size());
            for (Queue queue : queues) {
                auto n = count_one(db, queue, min_reports);
                if (!n) return n.error();
                counts.push_back(*n);
            }
            return counts;
        });
    });
}

Result<domain::AuthorStats> SqliteStore::author_stats(const domain::AuthorKey& author) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<domain::AuthorStats> {
        domain::AuthorStats stats;
        if (author.empty()) return stats;
        std::string sql = "SELECT status, count(*) FROM comments WHERE ";
        sql += author_comments_where(author);
        sql += " GROUP BY status";
        auto st = db.prepare(sql);
        if (!st) return st.error();
        bind_author(*st, author);
        for (;;) {
            auto row = st->step();
            if (!row) return row.error();
            if (!*row) return stats;
            const std::int64_t n = st->int64(1);
            switch (domain::parse_status(st->text(0)).value_or(domain::CommentStatus::kPending)) {
                case domain::CommentStatus::kApproved: stats.approved = n; break;
                case domain::CommentStatus::kPending: stats.pending = n; break;
                case domain::CommentStatus::kRejected: stats.rejected = n; break;
                case domain::CommentStatus::kSpam: stats.spam = n; break;
                case domain::CommentStatus::kDeleted: stats.deleted = n; break;
            }
        }
    });
}

Result<std::vector<std::string>> SqliteStore::recent_texts(const domain::AuthorKey& author, domain::Time since,
                                                           int limit) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<std::string>> {
        if (author.empty()) return std::vector<std::string>{};
        std::string sql = "SELECT text FROM comments WHERE ";
        sql += author_comments_where(author);
        sql += " AND created_at >= ?2 AND status <> 'deleted' ORDER BY created_at DESC, id DESC LIMIT ?3";
        auto st = db.prepare(sql);
        if (!st) return st.error();
        bind_author(*st, author);
        st->bind(2, domain::to_micros(since)).bind(3, std::int64_t{std::clamp(limit, 0, kMaxRecentTexts)});
        return collect<std::string>(*st, [](const Statement& row) { return row.text(0); });
    });
}

Result<ReportOutcome> SqliteStore::add_report(domain::CommentId id, const std::string& reason,
                                              const std::string& reporter, const std::string& network,
                                              domain::Time at) {
    return write<ReportOutcome>(*writer_, *health_, [&](Connection& db) -> Result<ReportOutcome> {
        auto comment = comment_by_id(db, id);
        if (!comment) return comment.error();

        auto open = db.prepare(
            "SELECT 1 FROM reports WHERE comment_id = ?1 AND resolved = 0"
            " AND (reporter = ?2 OR (?3 <> '' AND reporter_network = ?3))");
        if (!open) return open.error();
        open->bind(1, id).bind(2, reporter).bind(3, network);
        auto found = open->step();
        if (!found) return found.error();
        if (*found) return already_reported();

        auto insert = db.prepare(
            "INSERT INTO reports (comment_id, reason, reporter, created_at, reporter_network)"
            " VALUES (?1, ?2, ?3, ?4, ?5)");
        if (!insert) return insert.error();
        insert->bind(1, id).bind(2, reason).bind(3, reporter).bind(4, domain::to_micros(at)).bind(5, network);
        if (auto ok = insert->run(); !ok) {
            if (ok.error().code == ErrorCode::kConflict) return already_reported();
            return ok.error();
        }

        ReportOutcome outcome;
        outcome.report.id = sqlite3_last_insert_rowid(db.handle());
        outcome.report.comment_id = id;
        outcome.report.reason = reason;
        outcome.report.reporter = reporter;
        outcome.report.created_at = at;

        auto count = db.prepare("UPDATE comments SET open_reports = open_reports + 1 WHERE id = ?1");
        if (!count) return count.error();
        count->bind(1, id);
        if (auto ok = count->run(); !ok) return ok.error();
        ChangeExecutor changes(db);
        if (auto ok = changes.run(ChangeStatement::kRecordEvent, {outbox_event::kCommentReported, id,
                                                                  std::string_view(comment->page),
                                                                  domain::to_micros(at)});
            !ok)
            return ok.error();
        comment->open_reports += 1;
        outcome.comment = std::move(*comment);
        return outcome;
    });
}

Result<std::vector<domain::Report>> SqliteStore::reports_for(domain::CommentId id) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<domain::Report>> {
        auto st = db.prepare(kReportsFor);
        if (!st) return st.error();
        st->bind(1, id);
        return collect<domain::Report>(*st, read_report);
    });
}

Result<domain::Comment> SqliteStore::resolve_reports(domain::CommentId id) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) -> Result<domain::Comment> {
        auto comment = comment_by_id(db, id);
        if (!comment) return comment.error();
        auto resolve = db.prepare("UPDATE reports SET resolved = 1 WHERE comment_id = ?1 AND resolved = 0");
        if (!resolve) return resolve.error();
        resolve->bind(1, id);
        if (auto ok = resolve->run(); !ok) return ok.error();
        auto count = db.prepare("UPDATE comments SET open_reports = 0 WHERE id = ?1");
        if (!count) return count.error();
        count->bind(1, id);
        if (auto ok = count->run(); !ok) return ok.error();
        comment->open_reports = 0;
        return comment;
    });
}

Result<domain::Ban> SqliteStore::insert_ban(const domain::Ban& b) {
    return write<domain::Ban>(*writer_, *health_, [&](Connection& db) -> Result<domain::Ban> {
        auto st = db.prepare(
            "INSERT INTO bans (kind, value, reason, created_by, created_at, expires_at, lifted)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        if (!st) return st.error();
        st->bind(1, to_string(b.kind)).bind(2, b.value).bind(3, b.reason).bind(4, b.created_by);
        st->bind(5, domain::to_micros(b.created_at));
        if (b.expires_at) st->bind(6, domain::to_micros(*b.expires_at));
        else st->bind_null(6);
        st->bind(7, std::int64_t{b.lifted ? 1 : 0});
        if (auto ok = st->run(); !ok) return ok.error();
        domain::Ban stored = b;
        stored.id = sqlite3_last_insert_rowid(db.handle());
        return stored;
    });
}

Result<std::optional<domain::Ban>> SqliteStore::find_active_ban(
    const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::optional<domain::Ban>> {
        return in_snapshot(db, [&]() -> Result<std::optional<domain::Ban>> {
            std::optional<domain::Ban> first;
            for (const auto& [kind, value] : keys) {
                auto st = db.prepare(kActiveByValue);
                if (!st) return st.error();
                st->bind(1, to_string(kind)).bind(2, value).bind(3, domain::to_micros(now));
                auto row = st->step();
                if (!row) return row.error();
                if (!*row) continue;
                domain::Ban b = read_ban(*st);
                if (!first || b.id < first->id) first = std::move(b);
            }
            return first;
        });
    });
}

Result<std::vector<domain::Ban>> SqliteStore::list_active_bans(domain::Time now, int limit) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<domain::Ban>> {
        auto st = db.prepare(kActive);
        if (!st) return st.error();
        st->bind(1, domain::to_micros(now)).bind(2, std::int64_t{std::clamp(limit, 0, kMaxBans)});
        return collect<domain::Ban>(*st, read_ban);
    });
}

Result<domain::Ban> SqliteStore::lift_ban(std::int64_t id) {
    return write<domain::Ban>(*writer_, *health_, [&](Connection& db) -> Result<domain::Ban> {
        auto st = db.prepare("UPDATE bans SET lifted = 1 WHERE id = ?1");
        if (!st) return st.error();
        st->bind(1, id);
        if (auto ok = st->run(); !ok) return ok.error();
        return get_ban(db, id);
    });
}

Result<std::vector<domain::Ban>> bans_on(Connection& db, domain::BanKind kind, const std::string& value) {
    auto st = db.prepare(kByValue);
    if (!st) return st.error();
    st->bind(1, to_string(kind)).bind(2, value);
    return collect<domain::Ban>(*st, read_ban);
}

Result<domain::AuditEntry> SqliteStore::append_audit(const domain::AuditEntry& e) {
    return write<domain::AuditEntry>(*writer_, *health_, [&](Connection& db) -> Result<domain::AuditEntry> {
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
    });
}

Result<std::vector<domain::AuditEntry>> SqliteStore::list_audit(std::optional<std::int64_t> before_id, int limit,
                                                                std::string_view target) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<domain::AuditEntry>> {
        auto st = db.prepare(target.empty() ? kNewest : kNewestOfTarget);
        if (!st) return st.error();
        st->bind(1, before_id.value_or(std::numeric_limits<std::int64_t>::max()));
        st->bind(2, std::int64_t{std::clamp(limit, 0, kMaxEntries)});
        if (!target.empty()) st->bind(3, target);
        return collect<domain::AuditEntry>(*st, read_audit_entry);
    });
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
