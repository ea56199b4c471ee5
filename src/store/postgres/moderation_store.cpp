// PgStore's ModerationStore methods (store/moderation_store.hpp).
#include "store/postgres/pg_store.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "store/common/comment_rules.hpp"
#include "store/common/store_errors.hpp"
#include "store/outbox_types.hpp"
#include "store/postgres/change_executor.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/moderation_rows.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

constexpr int kMaxTexts = 1000;
constexpr std::string_view kReported = "reported";

std::string_view queue_name(Queue q) {
    switch (q) {
        case Queue::kPending: return "pending";
        case Queue::kReported: return kReported;
        case Queue::kApproved: return "approved";
        case Queue::kRejected: return "rejected";
        case Queue::kSpam: return "spam";
        case Queue::kDeleted: return "deleted";
    }
    return "pending";
}

// The queue list for an order and a kind (one status, or reported). Parameters: $1 the status or
// min_reports, $2 exclusive start id, $3 text substring, $4 author substring, $5 page ('' for
// any), $6 row limit. Substrings match case-insensitively in ASCII only: lower() under COLLATE
// "C" folds A-Z alone, as SQLite's lower() does, whatever the database's locale. strpos, not
// LIKE, so '%' and '_' in a search are plain characters.
std::string build_queue(domain::SortOrder order, bool reported) {
    const bool newest = order == domain::SortOrder::kNewest;
    std::string s("SELECT ");
    s += sql::kCommentColumns;
    // "open_reports > 0" repeats the partial index's predicate so the planner may use it.
    s += reported ? " FROM comments WHERE open_reports >= $1::bigint AND open_reports > 0"
                  : " FROM comments WHERE status = $1::text";
    s += newest ? " AND id < $2::bigint" : " AND id > $2::bigint";
    s += " AND ($3::text = '' OR strpos(lower(text COLLATE \"C\"), lower($3::text COLLATE \"C\")) > 0)"
         " AND ($4::text = '' OR strpos(lower(author_name COLLATE \"C\"), lower($4::text COLLATE \"C\")) > 0)"
         " AND ($5::text = '' OR page = $5::text)";
    s += newest ? " ORDER BY id DESC" : " ORDER BY id ASC";
    s += " LIMIT $6::bigint";
    return s;
}

const Statement& queue_statement(domain::SortOrder order, bool reported) {
    static const std::array<std::unique_ptr<Statement>, 4> all = [] {
        std::array<std::unique_ptr<Statement>, 4> a;
        for (auto o : {domain::SortOrder::kOldest, domain::SortOrder::kNewest})
            for (bool r : {false, true})
                a[static_cast<std::size_t>(o) * 2 + r] = std::make_unique<Statement>(build_queue(o, r));
        return a;
    }();
    return *all[static_cast<std::size_t>(order) * 2 + reported];
}

// The reported count is an uncorrelated subquery: computed once, and only when asked for.
const Statement kCountQueues(
    "SELECT CASE WHEN q.name = 'reported'"
    " THEN (SELECT count(*) FROM comments WHERE open_reports >= $2::bigint AND open_reports > 0)"
    " ELSE (SELECT count(*) FROM comments WHERE status = q.name) END"
    " FROM unnest($1::text[]) WITH ORDINALITY AS q (name, ord) ORDER BY q.ord");

const sql::ByAuthor kAuthorStats(
    "SELECT count(*) FILTER (WHERE status = 'approved'), count(*) FILTER (WHERE status = 'pending'),"
    " count(*) FILTER (WHERE status = 'rejected'), count(*) FILTER (WHERE status = 'spam'),"
    " count(*) FILTER (WHERE status = 'deleted') FROM comments WHERE ",
    1, "");

// Deleted comments have no text left to compare.
const sql::ByAuthor kRecentTexts("SELECT text FROM comments WHERE ", 1,
                                 " AND created_at >= $2::bigint AND status <> 'deleted'"
                                 " ORDER BY created_at DESC, id DESC LIMIT $3::bigint");

// No row back: the reporter has an open report on it already (reports_open_once).
// Either unique index may refuse it (one open report per reporter, and per network): no target.
const Statement kInsertReport(
    "INSERT INTO reports (comment_id, reason, reporter, created_at, reporter_network) VALUES ($1::bigint,"
    " $2::text, $3::text, $4::bigint, $5::text) ON CONFLICT DO NOTHING RETURNING id");
const Statement kCountReport(
    "UPDATE comments SET open_reports = open_reports + 1 WHERE id = $1::bigint RETURNING open_reports");
const Statement kReportsFor([] {
    std::string s("SELECT ");
    s += kReportColumns;
    s += " FROM reports WHERE comment_id = $1::bigint ORDER BY id";
    return s;
}());
const Statement kClearOpenReports([] {
    std::string s("UPDATE comments SET open_reports = 0 WHERE id = $1::bigint RETURNING ");
    s += sql::kCommentColumns;
    return s;
}());
const Statement kResolve("UPDATE reports SET resolved = 1 WHERE comment_id = $1::bigint AND resolved = 0");

domain::Error already_reported() {
    return domain::make_error(domain::ErrorCode::kConflict, "Already reported",
                              "You have already reported this comment.");
}

constexpr int kMaxBans = 1000;

std::string select_bans(std::string_view rest) {
    std::string s("SELECT ");
    s += kBanColumns;
    s += " FROM bans ";
    s += rest;
    return s;
}

const Statement kInsertBan(
    "INSERT INTO bans (kind, value, reason, created_by, created_at, expires_at, lifted)"
    " VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint, $6::bigint, $7::smallint) RETURNING id");
// The (kind, value) pairs arrive as two arrays of equal length, unnested side by side.
const Statement kFindActive(
    select_bans("WHERE (kind, value) IN (SELECT * FROM unnest($1::text[], $2::text[])) AND lifted = 0"
                " AND (expires_at IS NULL OR expires_at > $3::bigint) ORDER BY id LIMIT 1"));
const Statement kListActive(
    select_bans("WHERE lifted = 0 AND (expires_at IS NULL OR expires_at > $1::bigint)"
                " ORDER BY created_at DESC, id DESC LIMIT $2::bigint"));
const Statement kLift([] {
    std::string s("UPDATE bans SET lifted = 1 WHERE id = $1::bigint RETURNING ");
    s += kBanColumns;
    return s;
}());

domain::Error ban_not_found() { return domain::make_error(domain::ErrorCode::kNotFound, "Not found", "No such ban."); }

constexpr int kMaxEntries = 1000;

std::string select_audit(std::string_view rest) {
    std::string s("SELECT ");
    s += kAuditColumns;
    s += " FROM audit_log WHERE id < $1::bigint";
    s += rest;
    s += " ORDER BY id DESC LIMIT $2::bigint";
    return s;
}

const Statement kAppend(
    "INSERT INTO audit_log (at, actor_user_id, actor, action, target, before_json, after_json)"
    " VALUES ($1::bigint, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text) RETURNING id");
// Two statements rather than "($3 = '' OR target = $3)", so the one-target form always walks
// audit_log_by_target.
const Statement kListAll(select_audit(""));
const Statement kListTarget(select_audit(" AND target = $3::text"));

}  // namespace

Result<CommentPage> PgStore::list_queue(const QueueQuery& q) {
    return run_read<CommentPage>(*pool_, retry_, [&](Connection& db) -> Result<CommentPage> {
        const int limit = std::clamp(q.limit, 1, kMaxListLimit);
        const bool reported = q.queue == Queue::kReported;
        const bool newest = q.order == domain::SortOrder::kNewest;
        const std::int64_t start = q.after_id ? *q.after_id : newest ? std::numeric_limits<std::int64_t>::max() : 0;

        Params params;
        if (reported) {
            params.add(q.min_reports);
        } else {
            params.add(queue_name(q.queue));
        }
        params.add(start).add(q.text_contains).add(q.author_contains).add(q.page).add(std::int64_t{limit} + 1);
        auto r = db.run(queue_statement(q.order, reported), params);
        if (!r) return r.error();
        CommentPage page;
        const int rows = std::min(r->rows(), limit);
        page.comments.reserve(static_cast<std::size_t>(rows));
        for (int i = 0; i < rows; ++i) page.comments.push_back(read_comment(*r, i));
        page.has_more = r->rows() > limit;
        return page;
    });
}

Result<std::vector<std::int64_t>> PgStore::count_queues(const std::vector<Queue>& queues, std::int64_t min_reports) {
    return run_read<std::vector<std::int64_t>>(
        *pool_, retry_, [&](Connection& db) -> Result<std::vector<std::int64_t>> {
            std::vector<std::int64_t> counts;
            if (queues.empty()) return counts;
            std::vector<std::string> names;
            names.reserve(queues.size());
            for (Queue q : queues) names.emplace_back(queue_name(q));
            auto r = db.run(kCountQueues, Params().add(text_array(names)).add(min_reports));
            if (!r) return r.error();
            counts.reserve(queues.size());
            for (int i = 0; i < r->rows(); ++i) counts.push_back(r->int64(i, 0));
            return counts;
        });
}

Result<domain::AuthorStats> PgStore::author_stats(const domain::AuthorKey& author) {
    return run_read<domain::AuthorStats>(*pool_, retry_, [&](Connection& db) -> Result<domain::AuthorStats> {
        if (author.empty()) return domain::AuthorStats{};
        Params params;
        sql::add_author(params, author);
        auto r = db.run(kAuthorStats.of(author), params);
        if (!r) return r.error();
        domain::AuthorStats stats;
        stats.approved = r->int64(0, 0);
        stats.pending = r->int64(0, 1);
        stats.rejected = r->int64(0, 2);
        stats.spam = r->int64(0, 3);
        stats.deleted = r->int64(0, 4);
        return stats;
    });
}

Result<std::vector<std::string>> PgStore::recent_texts(const domain::AuthorKey& author, domain::Time since, int limit) {
    return run_read<std::vector<std::string>>(*pool_, retry_, [&](Connection& db) -> Result<std::vector<std::string>> {
        std::vector<std::string> texts;
        if (author.empty()) return texts;
        Params params;
        sql::add_author(params, author);
        params.add(domain::to_micros(since)).add(std::int64_t{std::clamp(limit, 0, kMaxTexts)});
        auto r = db.run(kRecentTexts.of(author), params);
        if (!r) return r.error();
        texts.reserve(static_cast<std::size_t>(r->rows()));
        for (int i = 0; i < r->rows(); ++i) texts.push_back(r->text(i, 0));
        return texts;
    });
}

Result<ReportOutcome> PgStore::add_report(domain::CommentId id, const std::string& reason, const std::string& reporter,
                                          const std::string& network, domain::Time at) {
    return run_write<ReportOutcome>(*pool_, retry_, [&](Connection& db) -> Result<ReportOutcome> {
        auto locked = db.run(sql::lock_comment(), Params().add(id));
        if (!locked) return locked.error();
        if (locked->rows() == 0) return comment_not_found();
        domain::Comment comment = read_comment(*locked, 0);

        auto inserted =
            db.run(kInsertReport, Params().add(id).add(reason).add(reporter).add(domain::to_micros(at)).add(network));
        if (!inserted) return inserted.error();
        if (inserted->rows() == 0) return already_reported();
        auto counted = db.run(kCountReport, Params().add(id));
        if (!counted) return counted.error();
        ChangeExecutor changes(db);
        if (auto ok = changes.run(ChangeStatement::kRecordEvent, {outbox_event::kCommentReported, id,
                                                                  std::string_view(comment.page),
                                                                  domain::to_micros(at)});
            !ok)
            return ok.error();

        comment.open_reports = counted->int64(0, 0);
        domain::Report report{inserted->int64(0, 0), id, reason, reporter, at, false};
        return ReportOutcome{std::move(report), std::move(comment)};
    });
}

Result<std::vector<domain::Report>> PgStore::reports_for(domain::CommentId id) {
    return run_read<std::vector<domain::Report>>(*pool_, retry_,
                                                 [&](Connection& db) -> Result<std::vector<domain::Report>> {
                                                     auto r = db.run(kReportsFor, Params().add(id));
                                                     if (!r) return r.error();
                                                     std::vector<domain::Report> out;
                                                     out.reserve(static_cast<std::size_t>(r->rows()));
                                                     for (int i = 0; i < r->rows(); ++i)
                                                         out.push_back(read_report(*r, i));
                                                     return out;
                                                 });
}

Result<domain::Comment> PgStore::resolve_reports(domain::CommentId id) {
    return run_write<domain::Comment>(*pool_, retry_, [&](Connection& db) -> Result<domain::Comment> {
        auto cleared = db.run(kClearOpenReports, Params().add(id));
        if (!cleared) return cleared.error();
        if (cleared->rows() == 0) return comment_not_found();
        if (auto ok = db.run(kResolve, Params().add(id)); !ok) return ok.error();
        return read_comment(*cleared, 0);
    });
}

Result<domain::Ban> PgStore::insert_ban(const domain::Ban& b) {
    return run_write<domain::Ban>(*pool_, retry_, [&](Connection& db) -> Result<domain::Ban> {
        Params params;
        params.add(to_string(b.kind)).add(b.value).add(b.reason).add(b.created_by).add(domain::to_micros(b.created_at));
        params.add(b.expires_at ? std::optional<std::int64_t>(domain::to_micros(*b.expires_at)) : std::nullopt);
        params.add(std::int64_t{b.lifted ? 1 : 0});
        auto r = db.run(kInsertBan, params);
        if (!r) return r.error();
        domain::Ban stored = b;
        stored.id = r->int64(0, 0);
        return stored;
    });
}

Result<std::optional<domain::Ban>> PgStore::find_active_ban(
    const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) {
    return run_read<std::optional<domain::Ban>>(
        *pool_, retry_, [&](Connection& db) -> Result<std::optional<domain::Ban>> {
            if (keys.empty()) return std::optional<domain::Ban>();
            std::vector<std::string> kinds;
            std::vector<std::string> values;
            kinds.reserve(keys.size());
            values.reserve(keys.size());
            for (const auto& [kind, value] : keys) {
                kinds.emplace_back(to_string(kind));
                values.push_back(value);
            }
            auto r = db.run(kFindActive,
                            Params().add(text_array(kinds)).add(text_array(values)).add(domain::to_micros(now)));
            if (!r) return r.error();
            if (r->rows() == 0) return std::optional<domain::Ban>();
            return std::optional<domain::Ban>(read_ban(*r, 0));
        });
}

Result<std::vector<domain::Ban>> PgStore::list_active_bans(domain::Time now, int limit) {
    return run_read<std::vector<domain::Ban>>(*pool_, retry_, [&](Connection& db) -> Result<std::vector<domain::Ban>> {
        auto r =
            db.run(kListActive, Params().add(domain::to_micros(now)).add(std::int64_t{std::clamp(limit, 0, kMaxBans)}));
        if (!r) return r.error();
        std::vector<domain::Ban> out;
        out.reserve(static_cast<std::size_t>(r->rows()));
        for (int i = 0; i < r->rows(); ++i) out.push_back(read_ban(*r, i));
        return out;
    });
}

Result<domain::Ban> PgStore::lift_ban(std::int64_t id) {
    return run_write<domain::Ban>(*pool_, retry_, [&](Connection& db) -> Result<domain::Ban> {
        auto r = db.run(kLift, Params().add(id));
        if (!r) return r.error();
        if (r->rows() == 0) return ban_not_found();
        return read_ban(*r, 0);
    });
}

Result<domain::AuditEntry> PgStore::append_audit(const domain::AuditEntry& e) {
    return run_write<domain::AuditEntry>(*pool_, retry_, [&](Connection& db) -> Result<domain::AuditEntry> {
        Params params;
        params.add(domain::to_micros(e.at)).add(e.actor_user_id).add(e.actor).add(e.action).add(e.target);
        params.add(e.before).add(e.after);
        auto r = db.run(kAppend, params);
        if (!r) return r.error();
        domain::AuditEntry stored = e;
        stored.id = r->int64(0, 0);
        return stored;
    });
}

Result<std::vector<domain::AuditEntry>> PgStore::list_audit(std::optional<std::int64_t> before_id, int limit,
                                                            std::string_view target) {
    return run_read<std::vector<domain::AuditEntry>>(
        *pool_, retry_, [&](Connection& db) -> Result<std::vector<domain::AuditEntry>> {
            Params params;
            params.add(before_id.value_or(std::numeric_limits<std::int64_t>::max()));
            params.add(std::int64_t{std::clamp(limit, 0, kMaxEntries)});
            if (!target.empty()) params.add(target);
            auto r = db.run(target.empty() ? kListAll : kListTarget, params);
            if (!r) return r.error();
            std::vector<domain::AuditEntry> out;
            out.reserve(static_cast<std::size_t>(r->rows()));
            for (int i = 0; i < r->rows(); ++i) out.push_back(read_audit(*r, i));
            return out;
        });
}

}  // namespace tribune::store::postgres
