// SqliteStore's TransferStore methods (store/transfer_store.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <string>

#include "store/common/columns.hpp"
#include "store/common/export_sql.hpp"
#include "store/common/rows.hpp"
#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/shared_steps.hpp"
#include "store/common/article_transfer.hpp"
#include "store/common/import_transfer.hpp"
#include "store/sqlite/snapshot.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::Result;

constexpr int kMaxBatch = 10000;

const std::string kExportComments = export_comments_sql("?1", "?2");
const std::string kExportUsers = export_by_id_sql(kUserColumns, "users", "?1", "?2");
const std::string kExportReports = export_by_id_sql(kReportColumns, "reports", "?1", "?2");
const std::string kExportBans = export_by_id_sql(kBanColumns, "bans", "?1", "?2");
const std::string kExportAudit = export_by_id_sql(kAuditColumns, "audit_log", "?1", "?2");
// TEXT compares with memcmp (BINARY collation): byte order, as on PostgreSQL with COLLATE "C".
const std::string kExportPolicies =
    std::string("SELECT ").append(kThreadPolicyExportColumns).append(" FROM thread_policies ORDER BY page");
constexpr const char* kExportSettings = "SELECT key, value FROM settings ORDER BY key";

// INSERT INTO `table` (`columns`) VALUES (?1, ..., ?`n`)
std::string insert_sql(std::string_view table, std::string_view columns, int n) {
    std::string s("INSERT INTO ");
    s += table;
    s += " (";
    s += columns;
    s += ") VALUES (";
    for (int i = 1; i <= n; ++i) {
        if (i > 1) s += ", ";
        s += '?';
        s += std::to_string(i);
    }
    s += ")";
    return s;
}

const std::string kInsertUser = insert_sql("users", kUserColumns, 10);
const std::string kInsertReport = insert_sql("reports", kReportColumns, 6);
const std::string kInsertBan = insert_sql("bans", kBanColumns, 8);
const std::string kInsertAudit = insert_sql("audit_log", kAuditColumns, 8);
const std::string kInsertPolicy = insert_sql("thread_policies", kThreadPolicyExportColumns, 5);
const std::string kInsertSetting = insert_sql("settings", "key, value", 2);

const std::string kInsertComment = [] {
    std::string s("INSERT INTO comments (");
    s += kImportCommentColumns;
    s += ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
    return s;
}();

// Children before parents, so the foreign keys hold after every statement. Sessions are not
// exported, but they go too, and so do staff mail choices, linked identities and pending sign-ins:
// they belong to the accounts being replaced.
constexpr const char* kWipe =
    "DELETE FROM sessions; DELETE FROM staff_mail_prefs; DELETE FROM external_identities; DELETE FROM sign_in_requests;"
    " DELETE FROM reports; DELETE FROM comment_edits; DELETE FROM comments;"
    " DELETE FROM threads; DELETE FROM article_revisions; DELETE FROM article_redirects;"
    " DELETE FROM live_updates; DELETE FROM article_corrections; DELETE FROM article_reviews;"
    " DELETE FROM article_tags; DELETE FROM article_authors; DELETE FROM articles; DELETE FROM tags;"
    " DELETE FROM sections; DELETE FROM authors; DELETE FROM users; DELETE FROM bans;"
    " DELETE FROM audit_log; DELETE FROM thread_policies; DELETE FROM settings; DELETE FROM change_notices; DELETE FROM import_sources;"
    " DELETE FROM path_redirects;";

// Counts follow from the statuses (common/comment_changes.hpp): only top-level comments have replies.
constexpr const char* kRecount =
    "UPDATE comments SET reply_count = (SELECT count(*) FROM comments AS r"
    "  WHERE r.parent_id = comments.id AND r.status = 'approved')"
    " WHERE id IN (SELECT parent_id FROM comments WHERE parent_id IS NOT NULL AND status = 'approved');"
    "DELETE FROM threads;"
    "INSERT INTO threads (page, approved_count)"
    " SELECT page, count(*) FROM comments WHERE status = 'approved' GROUP BY page;"
    "UPDATE comments SET open_reports = (SELECT count(*) FROM reports"
    "  WHERE reports.comment_id = comments.id AND reports.resolved = 0)"
    " WHERE id IN (SELECT comment_id FROM reports WHERE resolved = 0);";

// The article tables are written once for both engines (common/article_transfer.hpp).
template <class Row>
Result<void> insert_article_row(Connection& db, const Row& row) {
    SqliteSession session(db);
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
    SqliteSession session(db);
    return import_transfer::insert(session, row);
}

Result<void> insert(Connection& db, const ImportSourceRow& r) { return insert_import_row(db, r); }
Result<void> insert(Connection& db, const PathRedirect& r) { return insert_import_row(db, r); }

Result<void> insert(Connection& db, const CommentRecord& r) {
    const domain::Comment& c = r.comment;
    auto st = db.prepare(kInsertComment);
    if (!st) return st.error();
    st->bind(1, c.id).bind(2, c.page).bind(3, c.parent_id).bind(4, c.author.name);
    st->bind(5, to_string(c.author.role)).bind(6, c.author.user_id).bind(7, c.author_token_hash);
    st->bind(8, c.text).bind(9, to_string(c.status)).bind(10, domain::to_micros(c.created_at));
    if (c.edited_at) st->bind(11, domain::to_micros(*c.edited_at));
    else st->bind_null(11);
    st->bind(12, c.ip_hash).bind(13, c.filter_reason).bind(14, std::int64_t{c.featured ? 1 : 0}).bind(15, r.author_email);
    st->bind(16, std::int64_t{r.notify}).bind(17, c.author.badge).bind(18, std::int64_t{c.author.verified ? 1 : 0});
    if (auto ok = st->run(); !ok) return ok;
    for (const domain::CommentEdit& e : r.edits) {
        auto edit =
            db.prepare("INSERT INTO comment_edits (comment_id, text, replaced_at, edited_by) VALUES (?1, ?2, ?3, ?4)");
        if (!edit) return edit.error();
        edit->bind(1, c.id).bind(2, e.text).bind(3, domain::to_micros(e.replaced_at)).bind(4, e.edited_by);
        if (auto ok = edit->run(); !ok) return ok;
    }
    return {};
}

Result<void> insert(Connection& db, const domain::User& u) {
    auto st = db.prepare(kInsertUser);
    if (!st) return st.error();
    const StoredRole role = stored_role(u.role);
    st->bind(1, u.id).bind(2, u.email).bind(3, u.name).bind(4, role.role).bind(5, u.password_hash);
    st->bind(6, domain::to_micros(u.created_at)).bind(7, std::int64_t{u.disabled ? 1 : 0}).bind(8, role.newsroom_role);
    st->bind(9, std::int64_t{u.email_verified ? 1 : 0}).bind(10, u.badge);
    return st->run();
}

Result<void> insert(Connection& db, const domain::Report& r) {
    auto st = db.prepare(kInsertReport);
    if (!st) return st.error();
    st->bind(1, r.id).bind(2, r.comment_id).bind(3, r.reason).bind(4, r.reporter);
    st->bind(5, domain::to_micros(r.created_at)).bind(6, std::int64_t{r.resolved ? 1 : 0});
    return st->run();
}

Result<void> insert(Connection& db, const domain::Ban& b) {
    auto st = db.prepare(kInsertBan);
    if (!st) return st.error();
    st->bind(1, b.id).bind(2, to_string(b.kind)).bind(3, b.value).bind(4, b.reason).bind(5, b.created_by);
    st->bind(6, domain::to_micros(b.created_at));
    if (b.expires_at) st->bind(7, domain::to_micros(*b.expires_at));
    else st->bind_null(7);
    st->bind(8, std::int64_t{b.lifted ? 1 : 0});
    return st->run();
}

Result<void> insert(Connection& db, const domain::AuditEntry& e) {
    auto st = db.prepare(kInsertAudit);
    if (!st) return st.error();
    st->bind(1, e.id).bind(2, domain::to_micros(e.at)).bind(3, e.actor_user_id).bind(4, e.actor);
    st->bind(5, e.action).bind(6, e.target).bind(7, e.before).bind(8, e.after);
    return st->run();
}

Result<void> insert(Connection& db, const domain::ThreadPolicy& p) {
    auto st = db.prepare(kInsertPolicy);
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
}

Result<void> insert(Connection& db, const Setting& kv) {
    auto st = db.prepare(kInsertSetting);
    if (!st) return st.error();
    st->bind(1, kv.key).bind(2, kv.value);
    return st->run();
}

domain::ThreadPolicy read_policy(const Statement& row) {
    domain::ThreadPolicy p;
    p.page = row.text(0);
    // The CHECK constraint keeps the mode to the names parse_moderation_mode accepts.
    if (!row.is_null(1)) p.moderation = domain::parse_moderation_mode(row.text(1));
    p.closed = row.int64(2) != 0;
    if (auto days = row.optional_int64(3)) p.auto_close_days = static_cast<int>(*days);
    if (auto required = row.optional_int64(4)) p.signin_required = *required != 0;
    return p;
}

Setting read_setting(const Statement& row) { return {row.text(0), row.text(1)}; }

// Every row of `sql` (bound to after_id and rows when `paged`) read with `read`, as one batch.
template <class T, class Read>
Result<ExportBatch> export_rows(Connection& db, std::string_view sql, bool paged, std::int64_t after_id,
                                std::int64_t rows, Read&& read) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    if (paged) st->bind(1, after_id).bind(2, rows);
    auto out = collect<T>(*st, read);
    if (!out) return out.error();
    return ExportBatch(std::move(*out));
}

template <class Row>
Result<ExportBatch> batch_of(Result<std::vector<Row>> rows) {
    if (!rows) return rows.error();
    return ExportBatch(std::move(*rows));
}

Result<std::int64_t> scalar(Connection& db, std::string_view sql) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return st->int64(0);
}

// The export reads on `db`, inside whatever transaction it holds (export_batch: none, each read
// its own snapshot; in_export_snapshot: one for all).
Result<ExportBatch> export_batch_on(Connection& db, ExportTable table, std::int64_t after_id, int limit) {
    const std::int64_t rows = std::clamp(limit, 1, kMaxBatch);
    switch (table) {
        case ExportTable::kArticles: {
            SqliteSession session(db);
            return batch_of(article_transfer::export_articles(session, after_id, rows));
        }
        case ExportTable::kAuthors: {
            SqliteSession session(db);
            return batch_of(article_transfer::export_authors(session, after_id, rows));
        }
        case ExportTable::kArticleRevisions: {
            SqliteSession session(db);
            return batch_of(article_transfer::export_revisions(session, after_id, rows));
        }
        case ExportTable::kArticleRedirects: {
            if (after_id != 0) return ExportBatch(std::vector<ArticleRedirect>());
            SqliteSession session(db);
            return batch_of(article_transfer::export_redirects(session));
        }
        case ExportTable::kLiveUpdates: {
            SqliteSession session(db);
            return batch_of(article_transfer::export_live_updates(session, after_id, rows));
        }
        case ExportTable::kPathRedirects: {
            if (after_id != 0) return ExportBatch(std::vector<PathRedirect>());
            SqliteSession session(db);
            return batch_of(import_transfer::export_path_redirects(session));
        }
        case ExportTable::kImportSources: {
            SqliteSession session(db);
            return batch_of(import_transfer::export_sources(session, after_id, rows));
        }
        case ExportTable::kComments: {
            auto st = db.prepare(kExportComments);
            if (!st) return st.error();
            st->bind(1, after_id).bind(2, rows);
            std::vector<CommentRecord> out;
            for (;;) {
                auto row = st->step();
                if (!row) return row.error();
                if (!*row) return ExportBatch(std::move(out));
                add_exported_comment_row(out, *st);
            }
        }
        case ExportTable::kUsers:
            return export_rows<domain::User>(db, kExportUsers, true, after_id, rows, read_user);
        case ExportTable::kReports:
            return export_rows<domain::Report>(db, kExportReports, true, after_id, rows, read_report);
        case ExportTable::kBans: return export_rows<domain::Ban>(db, kExportBans, true, after_id, rows, read_ban);
        case ExportTable::kAudit:
            return export_rows<domain::AuditEntry>(db, kExportAudit, true, after_id, rows, read_audit_entry);
        // Keyed tables come whole in the first batch (store.hpp, keyed_export).
        case ExportTable::kThreadPolicies:
            if (after_id != 0) return ExportBatch(std::vector<domain::ThreadPolicy>());
            return export_rows<domain::ThreadPolicy>(db, kExportPolicies, false, 0, 0, read_policy);
        case ExportTable::kSettings:
            if (after_id != 0) return ExportBatch(std::vector<Setting>());
            return export_rows<Setting>(db, kExportSettings, false, 0, 0, read_setting);
    }
    return ExportBatch();
}

Result<std::vector<ThreadCount>> export_thread_counts_on(Connection& db, std::string_view after_page, int limit) {
    // TEXT compares with memcmp (BINARY collation): byte order, as on PostgreSQL with COLLATE "C".
    auto st = db.prepare(
        "SELECT page, approved_count FROM threads WHERE page > ?1 AND approved_count > 0 ORDER BY page LIMIT "
        "?2");
    if (!st) return st.error();
    st->bind(1, after_page).bind(2, std::int64_t{std::clamp(limit, 1, kMaxBatch)});
    std::vector<ThreadCount> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back({st->text(0), st->int64(1)});
    }
}

// One read transaction's view, for in_export_snapshot.
using SqliteExportReader = ConnectionExportReader<Connection, export_batch_on, export_thread_counts_on>;

}  // namespace

Result<ExportBatch> SqliteStore::export_batch(ExportTable table, std::int64_t after_id, int limit) {
    return read(*readers_, *health_, [&](Connection& db) { return export_batch_on(db, table, after_id, limit); });
}

Result<std::vector<ThreadCount>> SqliteStore::export_thread_counts(std::string_view after_page, int limit) {
    return read(*readers_, *health_,
                [&](Connection& db) { return export_thread_counts_on(db, after_page, limit); });
}

Result<void> SqliteStore::in_export_snapshot(const std::function<Result<void>(ExportReader&)>& body) {
    return read(*readers_, *health_, [&](Connection& db) {
        return in_snapshot(db, [&]() -> Result<void> {
            SqliteExportReader reader(db);
            return body(reader);
        });
    });
}

Result<StoreSummary> SqliteStore::import_all(ImportSource& source, const ImportOptions& options) {
    return write<StoreSummary>(*writer_, *health_, [&](Connection& db) -> Result<StoreSummary> {
        auto stored = import_rows(
            source, options, [&] { return db.exec(kWipe); }, [&] { return nothing_stored(db); },
            [&](const auto& row) { return insert(db, row); });
        if (!stored) return stored.error();
        // INTEGER PRIMARY KEY without AUTOINCREMENT: new rows take max(id) + 1, so they land above
        // the imported ids with nothing to reset.
        if (auto ok = db.exec(kRecount); !ok) return ok.error();
        auto threads = scalar(db, "SELECT count(*) FROM threads WHERE approved_count > 0");
        if (!threads) return threads.error();
        stored->threads = *threads;
        return *stored;
    });
}

Result<bool> nothing_stored(Connection& db) {
    auto st = db.prepare("SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM comments)");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return st->int64(0) != 0;
}

Result<bool> SqliteStore::is_empty() {
    return read(*readers_, *health_, [&](Connection& db) { return nothing_stored(db); });
}

Result<StoreSummary> SqliteStore::summary() { return summarize_store(*this, kExportBatchRows); }

}  // namespace tribune::store::sqlite
