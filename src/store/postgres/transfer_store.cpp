// PgStore's TransferStore methods (store/transfer_store.hpp).
#include "store/postgres/pg_store.hpp"

#include <algorithm>
#include <string>

#include "store/common/columns.hpp"
#include "store/common/export_sql.hpp"
#include "store/common/rows.hpp"
#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store/postgres/export_on.hpp"
#include "store/common/article_transfer.hpp"
#include "store/common/import_transfer.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/moderation_rows.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/shared_steps.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

const Statement kIsEmpty("SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM comments)");

constexpr int kMaxBatch = 10000;

const Statement kExportComments(export_comments_sql("$1::bigint", "$2::bigint"));
const Statement kExportUsers(export_by_id_sql(kUserColumns, "users", "$1::bigint", "$2::bigint"));
const Statement kExportReports(export_by_id_sql(kReportColumns, "reports", "$1::bigint", "$2::bigint"));
const Statement kExportBans(export_by_id_sql(kBanColumns, "bans", "$1::bigint", "$2::bigint"));
const Statement kExportAudit(export_by_id_sql(kAuditColumns, "audit_log", "$1::bigint", "$2::bigint"));
// Keyed tables come whole (store.hpp, keyed_export), in byte order as on SQLite.
const Statement kExportPolicies(std::string("SELECT ")
                                    .append(kThreadPolicyExportColumns)
                                    .append(" FROM thread_policies ORDER BY page COLLATE \"C\""));
const Statement kExportSettings("SELECT key, value FROM settings ORDER BY key COLLATE \"C\"");

// A page's count is the sum of its shard rows (migrations.cpp, threads). COLLATE "C": byte
// order, as SQLite's BINARY, whatever the database's collation.
const Statement kExportThreadCounts(
    "SELECT page, sum(approved_count)::bigint FROM threads WHERE page > $1::text COLLATE \"C\""
    " GROUP BY page HAVING sum(approved_count) > 0 ORDER BY page COLLATE \"C\" LIMIT $2::bigint");

// OVERRIDING SYSTEM VALUE: the ids are GENERATED ALWAYS, and an import keeps them.
const Statement kInsertComment([] {
    std::string s("INSERT INTO comments (");
    s += kImportCommentColumns;
    s += ") OVERRIDING SYSTEM VALUE VALUES ($1::bigint, $2::text, $3::bigint, $4::text, $5::text, $6::bigint,"
         " $7::text, $8::text, $9::text, $10::bigint, $11::bigint, $12::text, $13::text, $14::smallint, $15::text,"
         " $16::integer, $17::text, $18::smallint)";
    return s;
}());

const Statement kInsertUser(std::string("INSERT INTO users (")
                                .append(kUserColumns)
                                .append(") OVERRIDING SYSTEM VALUE VALUES ($1::bigint, $2::text, $3::text,"
                                        " $4::text, $5::text, $6::bigint, $7::smallint, $8::smallint, $9::text)"));

const Statement kInsertReport(std::string("INSERT INTO reports (")
                                  .append(kReportColumns)
                                  .append(") OVERRIDING SYSTEM VALUE VALUES ($1::bigint, $2::bigint, $3::text,"
                                          " $4::text, $5::bigint, $6::smallint)"));

const Statement kInsertBan(std::string("INSERT INTO bans (")
                               .append(kBanColumns)
                               .append(") OVERRIDING SYSTEM VALUE VALUES ($1::bigint, $2::text, $3::text,"
                                       " $4::text, $5::text, $6::bigint, $7::bigint, $8::smallint)"));

const Statement kInsertAudit(std::string("INSERT INTO audit_log (")
                                 .append(kAuditColumns)
                                 .append(") OVERRIDING SYSTEM VALUE VALUES ($1::bigint, $2::bigint, $3::bigint,"
                                         " $4::text, $5::text, $6::text, $7::text, $8::text)"));

const Statement kInsertPolicy(std::string("INSERT INTO thread_policies (")
                                  .append(kThreadPolicyExportColumns)
                                  .append(") VALUES ($1::text, $2::text, $3::smallint, $4::integer, $5::smallint)"));

const Statement kInsertSetting("INSERT INTO settings (key, value) VALUES ($1::text, $2::text)");

const Statement kInsertEdit(
    "INSERT INTO comment_edits (comment_id, text, replaced_at, edited_by)"
    " VALUES ($1::bigint, $2::text, $3::bigint, $4::text)");

// Every exported table, and sessions, staff mail choices, linked identities and pending sign-ins:
// they belong to the accounts being replaced.
constexpr const char* kWipe =
    "TRUNCATE sessions, staff_mail_prefs, external_identities, sign_in_requests, reports, comment_edits, comments,"
    " threads, article_revisions, article_redirects,"
    " live_updates, article_corrections, article_reviews,"
    " article_tags, article_authors, articles, tags, sections, authors, users, bans, audit_log,"
    " thread_policies, settings, change_notices, import_sources, path_redirects";

// Counts follow from the statuses (common/comment_changes.hpp): only top-level comments have replies,
// and each page's count goes to shard 0; open_reports counts the unresolved reports. Then
// identities continue after the imported ids.
constexpr const char* kRecount =
    "UPDATE comments AS c SET reply_count = r.n FROM (SELECT parent_id, count(*) AS n FROM comments"
    "  WHERE parent_id IS NOT NULL AND status = 'approved' GROUP BY parent_id) AS r WHERE c.id = r.parent_id;"
    "DELETE FROM threads;"
    "INSERT INTO threads (page, shard, approved_count)"
    " SELECT page, 0, count(*) FROM comments WHERE status = 'approved' GROUP BY page;"
    "UPDATE comments AS c SET open_reports = r.n FROM (SELECT comment_id, count(*) AS n FROM reports"
    "  WHERE resolved = 0 GROUP BY comment_id) AS r WHERE c.id = r.comment_id;"
    "SELECT setval(pg_get_serial_sequence('articles', 'id'), coalesce(max(id), 0) + 1, false) FROM articles;"
    "SELECT setval(pg_get_serial_sequence('authors', 'id'), coalesce(max(id), 0) + 1, false) FROM authors;"
    "SELECT setval(pg_get_serial_sequence('article_revisions', 'id'), coalesce(max(id), 0) + 1, false)"
    " FROM article_revisions;"
    "SELECT setval(pg_get_serial_sequence('live_updates', 'id'), coalesce(max(id), 0) + 1, false) FROM live_updates;"
    "SELECT setval(pg_get_serial_sequence('article_corrections', 'id'), coalesce(max(id), 0) + 1, false)"
    " FROM article_corrections;"
    "SELECT setval(pg_get_serial_sequence('comments', 'id'), coalesce(max(id), 0) + 1, false) FROM comments;"
    "SELECT setval(pg_get_serial_sequence('comment_edits', 'id'), coalesce(max(id), 0) + 1, false)"
    " FROM comment_edits;"
    "SELECT setval(pg_get_serial_sequence('users', 'id'), coalesce(max(id), 0) + 1, false) FROM users;"
    "SELECT setval(pg_get_serial_sequence('reports', 'id'), coalesce(max(id), 0) + 1, false) FROM reports;"
    "SELECT setval(pg_get_serial_sequence('bans', 'id'), coalesce(max(id), 0) + 1, false) FROM bans;"
    "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), coalesce(max(id), 0) + 1, false) FROM audit_log;"
    "SELECT setval(pg_get_serial_sequence('import_sources', 'id'), coalesce(max(id), 0) + 1, false)"
    " FROM import_sources;"
    "SELECT count(*) FROM threads WHERE approved_count > 0;";

template <class Row>
Result<ExportBatch> batch_of(Result<std::vector<Row>> rows) {
    if (!rows) return rows.error();
    return ExportBatch(std::move(*rows));
}

// The article tables are written once for both engines (common/article_transfer.hpp).
template <class Row>
Result<void> insert_article_row(Connection& db, const Row& row) {
    PgSession session(db);
    return article_transfer::insert(session, row);
}

Result<void> insert(Connection& db, const domain::Article& a) { return insert_article_row(db, a); }
Result<void> insert(Connection& db, const AuthorProfile& a) { return insert_article_row(db, a); }
Result<void> insert(Connection& db, const ArticleRevision& r) { return insert_article_row(db, r); }
Result<void> insert(Connection& db, const ArticleRedirect& r) { return insert_article_row(db, r); }
Result<void> insert(Connection& db, const domain::LiveUpdate& u) { return insert_article_row(db, u); }

// So are the import tables (common/import_transfer.hpp).
template <class Row>
Result<void> insert_import_row(Connection& db, const Row& row) {
    PgSession session(db);
    return import_transfer::insert(session, row);
}

Result<void> insert(Connection& db, const ImportSourceRow& r) { return insert_import_row(db, r); }
Result<void> insert(Connection& db, const PathRedirect& r) { return insert_import_row(db, r); }

Result<void> insert(Connection& db, const CommentRecord& r) {
    const domain::Comment& c = r.comment;
    Params params;
    params.add(c.id).add(c.page).add(c.parent_id).add(c.author.name).add(to_string(c.author.role));
    params.add(c.author.user_id).add(c.author_token_hash).add(c.text).add(to_string(c.status));
    params.add(domain::to_micros(c.created_at));
    params.add(c.edited_at ? std::optional<std::int64_t>(domain::to_micros(*c.edited_at)) : std::nullopt);
    params.add(c.ip_hash).add(c.filter_reason).add(std::int64_t{c.featured ? 1 : 0}).add(r.author_email);
    params.add(std::int64_t{r.notify}).add(c.author.badge).add(std::int64_t{c.author.verified ? 1 : 0});
    if (auto ok = db.run(kInsertComment, params); !ok) return ok.error();
    for (const domain::CommentEdit& e : r.edits) {
        Params edit;
        edit.add(c.id).add(e.text).add(domain::to_micros(e.replaced_at)).add(e.edited_by);
        if (auto ok = db.run(kInsertEdit, edit); !ok) return ok.error();
    }
    return {};
}

Result<void> run(Connection& db, const Statement& st, const Params& params) {
    if (auto ok = db.run(st, params); !ok) return ok.error();
    return {};
}

std::optional<std::int64_t> micros(const std::optional<domain::Time>& t) {
    return t ? std::optional<std::int64_t>(domain::to_micros(*t)) : std::nullopt;
}

Result<void> insert(Connection& db, const domain::User& u) {
    Params params;
    params.add(u.id).add(u.email).add(u.name).add(to_string(u.role)).add(u.password_hash);
    params.add(domain::to_micros(u.created_at)).add(std::int64_t{u.disabled ? 1 : 0});
    params.add(std::int64_t{u.email_verified ? 1 : 0}).add(u.badge);
    return run(db, kInsertUser, params);
}

Result<void> insert(Connection& db, const domain::Report& r) {
    Params params;
    params.add(r.id).add(r.comment_id).add(r.reason).add(r.reporter).add(domain::to_micros(r.created_at));
    params.add(std::int64_t{r.resolved ? 1 : 0});
    return run(db, kInsertReport, params);
}

Result<void> insert(Connection& db, const domain::Ban& b) {
    Params params;
    params.add(b.id).add(to_string(b.kind)).add(b.value).add(b.reason).add(b.created_by);
    params.add(domain::to_micros(b.created_at)).add(micros(b.expires_at)).add(std::int64_t{b.lifted ? 1 : 0});
    return run(db, kInsertBan, params);
}

Result<void> insert(Connection& db, const domain::AuditEntry& e) {
    Params params;
    params.add(e.id).add(domain::to_micros(e.at)).add(e.actor_user_id).add(e.actor).add(e.action);
    params.add(e.target).add(e.before).add(e.after);
    return run(db, kInsertAudit, params);
}

Result<void> insert(Connection& db, const domain::ThreadPolicy& p) {
    Params params;
    params.add(p.page);
    if (p.moderation) params.add(to_string(*p.moderation));
    else params.add(std::optional<std::int64_t>());  // NULL
    params.add(std::int64_t{p.closed ? 1 : 0});
    params.add(p.auto_close_days ? std::optional<std::int64_t>(*p.auto_close_days) : std::nullopt);
    params.add(p.signin_required ? std::optional<std::int64_t>(*p.signin_required ? 1 : 0) : std::nullopt);
    return run(db, kInsertPolicy, params);
}

Result<void> insert(Connection& db, const Setting& kv) {
    return run(db, kInsertSetting, Params().add(kv.key).add(kv.value));
}

// Every row of `r` read with `read(result, row)`, as one batch.
template <class T, class Read>
Result<ExportBatch> batch_of(const Result<PgResult>& r, Read&& read) {
    if (!r) return r.error();
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read(*r, i));
    return ExportBatch(std::move(out));
}

Setting read_setting(const PgResult& r, int row) { return {r.text(row, 0), r.text(row, 1)}; }

}  // namespace

Result<ExportBatch> export_batch_on(Connection& db, ExportTable table, std::int64_t after_id, int limit) {
    {
        Params params;
        params.add(after_id).add(std::int64_t{std::clamp(limit, 1, kMaxBatch)});
        switch (table) {
            case ExportTable::kArticles: {
                PgSession session(db);
                return batch_of(article_transfer::export_articles(session, after_id, std::clamp(limit, 1, kMaxBatch)));
            }
            case ExportTable::kAuthors: {
                PgSession session(db);
                return batch_of(article_transfer::export_authors(session, after_id, std::clamp(limit, 1, kMaxBatch)));
            }
            case ExportTable::kArticleRevisions: {
                PgSession session(db);
                return batch_of(article_transfer::export_revisions(session, after_id, std::clamp(limit, 1, kMaxBatch)));
            }
            case ExportTable::kArticleRedirects: {
                if (after_id != 0) return ExportBatch(std::vector<ArticleRedirect>());
                PgSession session(db);
                return batch_of(article_transfer::export_redirects(session));
            }
            case ExportTable::kLiveUpdates: {
                PgSession session(db);
                return batch_of(article_transfer::export_live_updates(session, after_id, std::clamp(limit, 1, kMaxBatch)));
            }
            case ExportTable::kPathRedirects: {
                if (after_id != 0) return ExportBatch(std::vector<PathRedirect>());
                PgSession session(db);
                return batch_of(import_transfer::export_path_redirects(session));
            }
            case ExportTable::kImportSources: {
                PgSession session(db);
                return batch_of(import_transfer::export_sources(session, after_id, std::clamp(limit, 1, kMaxBatch)));
            }
            case ExportTable::kComments: {
                auto r = db.run(kExportComments, params);
                if (!r) return r.error();
                std::vector<CommentRecord> out;
                for (int i = 0; i < r->rows(); ++i) add_exported_comment_row(out, PgRow{*r, i});
                return ExportBatch(std::move(out));
            }
            case ExportTable::kUsers: return batch_of<domain::User>(db.run(kExportUsers, params), read_user);
            case ExportTable::kReports: return batch_of<domain::Report>(db.run(kExportReports, params), read_report);
            case ExportTable::kBans: return batch_of<domain::Ban>(db.run(kExportBans, params), read_ban);
            case ExportTable::kAudit: return batch_of<domain::AuditEntry>(db.run(kExportAudit, params), read_audit);
            // Keyed tables come whole in the first batch (store.hpp, keyed_export).
            case ExportTable::kThreadPolicies:
                if (after_id != 0) return ExportBatch(std::vector<domain::ThreadPolicy>());
                return batch_of<domain::ThreadPolicy>(db.run(kExportPolicies, Params()), read_thread_policy);
            case ExportTable::kSettings:
                if (after_id != 0) return ExportBatch(std::vector<Setting>());
                return batch_of<Setting>(db.run(kExportSettings, Params()), read_setting);
        }
        return ExportBatch();
    }
}

namespace {

// One REPEATABLE READ transaction's view, for in_export_snapshot.
using PgExportReader = ConnectionExportReader<Connection, export_batch_on, export_thread_counts_on>;

}  // namespace

Result<void> PgStore::in_export_snapshot(const std::function<Result<void>(ExportReader&)>& body) {
    RetryPolicy once = retry_;  // `body` may have written what it read: it never runs twice
    once.max_attempts = 1;
    return run_read<void>(*pool_, once, [&](Connection& db) -> Result<void> {
        if (auto begun = db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !begun) return begun.error();
        PgExportReader reader(db);
        auto result = body(reader);
        if (!result) {
            (void)db.exec("ROLLBACK");
            return result;
        }
        if (auto done = db.exec("COMMIT"); !done) return done.error();
        return {};
    });
}

Result<ExportBatch> PgStore::export_batch(ExportTable table, std::int64_t after_id, int limit) {
    return run_read<ExportBatch>(*pool_, retry_,
                                 [&](Connection& db) { return export_batch_on(db, table, after_id, limit); });
}

Result<std::vector<ThreadCount>> export_thread_counts_on(Connection& db, std::string_view after_page, int limit) {
    {
        auto r =
            db.run(kExportThreadCounts, Params().add(after_page).add(std::int64_t{std::clamp(limit, 1, kMaxBatch)}));
        if (!r) return r.error();
        std::vector<ThreadCount> out;
        out.reserve(static_cast<std::size_t>(r->rows()));
        for (int i = 0; i < r->rows(); ++i) out.push_back({r->text(i, 0), r->int64(i, 1)});
        return out;
    }
}

Result<std::vector<ThreadCount>> PgStore::export_thread_counts(std::string_view after_page, int limit) {
    return run_read<std::vector<ThreadCount>>(
        *pool_, retry_, [&](Connection& db) { return export_thread_counts_on(db, after_page, limit); });
}

Result<StoreSummary> PgStore::import_all(ImportSource& source, const ImportOptions& options) {
    RetryPolicy once = retry_;  // the source cannot be read twice
    once.max_attempts = 1;
    return run_write<StoreSummary>(*pool_, once, [&](Connection& db) -> Result<StoreSummary> {
        auto stored = import_rows(
            source, options, [&] { return db.exec(kWipe); }, [&] { return nothing_stored(db); },
            [&](const auto& row) { return insert(db, row); });
        if (!stored) return stored.error();
        auto threads = db.exec(kRecount);  // the last statement's result: pages with approved comments
        if (!threads) return threads.error();
        stored->threads = threads->int64(0, 0);
        return *stored;
    });
}

Result<bool> nothing_stored(Connection& db) {
    auto r = db.run(kIsEmpty);
    if (!r) return r.error();
    return r->boolean(0, 0);
}

Result<bool> PgStore::is_empty() {
    return run_read<bool>(*pool_, retry_, [&](Connection& db) { return nothing_stored(db); });
}

Result<StoreSummary> PgStore::summary() { return summarize_store(*this, kExportBatchRows); }

}  // namespace tribune::store::postgres
