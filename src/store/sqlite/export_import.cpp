#include "store/sqlite/export_import.hpp"

#include <algorithm>
#include <string>

#include "store/common/columns.hpp"
#include "store/common/export_sql.hpp"
#include "store/common/rows.hpp"
#include "store/common/store_export.hpp"
#include "store/sqlite/article_queries.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::Result;

constexpr int kMaxBatch = 10000;

const std::string kExportArticles = export_articles_sql("?1", "?2");
const std::string kExportComments = export_comments_sql("?1", "?2");

const std::string kInsertArticle = [] {
    std::string s("INSERT INTO articles (");
    s += kArticleColumns;
    s += ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    return s;
}();

const std::string kInsertComment = [] {
    std::string s("INSERT INTO comments (");
    s += kImportCommentColumns;
    s += ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
    return s;
}();

// Children before parents, so the foreign keys hold after every statement. Reports go with the
// comments they are about.
constexpr const char* kWipe =
    "DELETE FROM reports; DELETE FROM comment_edits; DELETE FROM comments; DELETE FROM threads;"
    " DELETE FROM articles;";

// Counts follow from the statuses (comment_writes.hpp): only top-level comments have replies.
constexpr const char* kRecount =
    "UPDATE comments SET reply_count = (SELECT count(*) FROM comments AS r"
    "  WHERE r.parent_id = comments.id AND r.status = 'approved')"
    " WHERE id IN (SELECT parent_id FROM comments WHERE parent_id IS NOT NULL AND status = 'approved');"
    "DELETE FROM threads;"
    "INSERT INTO threads (page, approved_count)"
    " SELECT page, count(*) FROM comments WHERE status = 'approved' GROUP BY page;";

Result<void> insert(Connection& db, const domain::Article& a) {
    auto st = db.prepare(kInsertArticle);
    if (!st) return st.error();
    st->bind(1, a.id);
    bind_article_fields(*st, a, 2);
    return st->run();
}

Result<void> insert(Connection& db, const CommentRecord& r) {
    const domain::Comment& c = r.comment;
    auto st = db.prepare(kInsertComment);
    if (!st) return st.error();
    st->bind(1, c.id).bind(2, c.page).bind(3, c.parent_id).bind(4, c.author.name);
    st->bind(5, to_string(c.author.role)).bind(6, c.author.user_id).bind(7, c.author_token_hash);
    st->bind(8, c.text).bind(9, to_string(c.status)).bind(10, domain::to_micros(c.created_at));
    if (c.edited_at) st->bind(11, domain::to_micros(*c.edited_at));
    else st->bind_null(11);
    st->bind(12, c.ip_hash).bind(13, c.filter_reason).bind(14, std::int64_t{c.featured ? 1 : 0});
    if (auto ok = st->run(); !ok) return ok;
    for (const domain::CommentEdit& e : r.edits) {
        auto edit = db.prepare(
            "INSERT INTO comment_edits (comment_id, text, replaced_at, edited_by) VALUES (?1, ?2, ?3, ?4)");
        if (!edit) return edit.error();
        edit->bind(1, c.id).bind(2, e.text).bind(3, domain::to_micros(e.replaced_at)).bind(4, e.edited_by);
        if (auto ok = edit->run(); !ok) return ok;
    }
    return {};
}

Result<std::int64_t> scalar(Connection& db, std::string_view sql) {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return st->int64(0);
}

}  // namespace

Result<ExportBatch> export_batch(Connection& db, ExportTable table, std::int64_t after_id, int limit) {
    const std::int64_t rows = std::clamp(limit, 1, kMaxBatch);
    switch (table) {
        case ExportTable::kArticles: {
            auto st = db.prepare(kExportArticles);
            if (!st) return st.error();
            st->bind(1, after_id).bind(2, rows);
            std::vector<domain::Article> out;
            for (;;) {
                auto row = st->step();
                if (!row) return row.error();
                if (!*row) return ExportBatch(std::move(out));
                out.push_back(read_article(*st));
            }
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
    }
    return ExportBatch();
}

Result<std::vector<ThreadCount>> export_thread_counts(Connection& db, std::string_view after_page,
                                                      int limit) {
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

Result<StoreSummary> import_all(Connection& db, ImportSource& source, const ImportOptions& options) {
    auto stored = import_rows(source, options, [&] { return db.exec(kWipe); }, [&] { return is_empty(db); },
                              [&](const auto& row) { return insert(db, row); });
    if (!stored) return stored.error();
    // INTEGER PRIMARY KEY without AUTOINCREMENT: new rows take max(id) + 1, so they land above
    // the imported ids with nothing to reset.
    if (auto ok = db.exec(kRecount); !ok) return ok.error();
    auto threads = scalar(db, "SELECT count(*) FROM threads WHERE approved_count > 0");
    if (!threads) return threads.error();
    stored->threads = *threads;
    return *stored;
}

}  // namespace tribune::store::sqlite
