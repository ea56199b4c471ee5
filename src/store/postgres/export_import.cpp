#include "store/postgres/export_import.hpp"

#include <algorithm>
#include <string>

#include "store/common/columns.hpp"
#include "store/common/export_sql.hpp"
#include "store/common/rows.hpp"
#include "store/common/store_export.hpp"
#include "store/postgres/article_queries.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/rows.hpp"

namespace tribune::store::postgres {
namespace {

using domain::Result;

constexpr int kMaxBatch = 10000;

const Statement kExportArticles(export_articles_sql("$1::bigint", "$2::bigint"));
const Statement kExportComments(export_comments_sql("$1::bigint", "$2::bigint"));

// A page's count is the sum of its shard rows (migrations.cpp, threads). COLLATE "C": byte
// order, as SQLite's BINARY, whatever the database's collation.
const Statement kExportThreadCounts(
    "SELECT page, sum(approved_count)::bigint FROM threads WHERE page > $1::text COLLATE \"C\""
    " GROUP BY page HAVING sum(approved_count) > 0 ORDER BY page COLLATE \"C\" LIMIT $2::bigint");

// OVERRIDING SYSTEM VALUE: the ids are GENERATED ALWAYS, and an import keeps them.
const Statement kInsertArticle([] {
    std::string s("INSERT INTO articles (");
    s += kArticleColumns;
    s += ") OVERRIDING SYSTEM VALUE VALUES ($1::bigint, $2::text, $3::text, $4::text, $5::text, $6::text,"
         " $7::bigint, $8::text, $9::text, $10::text, $11::integer, $12::text)";
    return s;
}());

const Statement kInsertComment([] {
    std::string s("INSERT INTO comments (");
    s += kImportCommentColumns;
    s += ") OVERRIDING SYSTEM VALUE VALUES ($1::bigint, $2::text, $3::bigint, $4::text, $5::text, $6::bigint,"
         " $7::text, $8::text, $9::text, $10::bigint, $11::bigint, $12::text, $13::text, $14::smallint)";
    return s;
}());

const Statement kInsertEdit(
    "INSERT INTO comment_edits (comment_id, text, replaced_at, edited_by)"
    " VALUES ($1::bigint, $2::text, $3::bigint, $4::text)");

// Reports go with the comments they refer to; accounts, bans, the audit log, policies and
// settings are not part of an export, so they stay.
constexpr const char* kWipe = "TRUNCATE reports, comment_edits, comments, threads, articles";

// Counts follow from the statuses (comment_writes.hpp): only top-level comments have replies,
// and each page's count goes to shard 0. Then identities continue after the imported ids.
constexpr const char* kRecount =
    "UPDATE comments AS c SET reply_count = r.n FROM (SELECT parent_id, count(*) AS n FROM comments"
    "  WHERE parent_id IS NOT NULL AND status = 'approved' GROUP BY parent_id) AS r WHERE c.id = r.parent_id;"
    "DELETE FROM threads;"
    "INSERT INTO threads (page, shard, approved_count)"
    " SELECT page, 0, count(*) FROM comments WHERE status = 'approved' GROUP BY page;"
    "SELECT setval(pg_get_serial_sequence('articles', 'id'), coalesce(max(id), 0) + 1, false) FROM articles;"
    "SELECT setval(pg_get_serial_sequence('comments', 'id'), coalesce(max(id), 0) + 1, false) FROM comments;"
    "SELECT setval(pg_get_serial_sequence('comment_edits', 'id'), coalesce(max(id), 0) + 1, false)"
    " FROM comment_edits;"
    "SELECT count(*) FROM threads WHERE approved_count > 0;";

Result<void> insert(Connection& db, const domain::Article& a) {
    Params params;
    params.add(a.id);
    add_article_fields(params, a);
    if (auto ok = db.run(kInsertArticle, params); !ok) return ok.error();
    return {};
}

Result<void> insert(Connection& db, const CommentRecord& r) {
    const domain::Comment& c = r.comment;
    Params params;
    params.add(c.id).add(c.page).add(c.parent_id).add(c.author.name).add(to_string(c.author.role));
    params.add(c.author.user_id).add(c.author_token_hash).add(c.text).add(to_string(c.status));
    params.add(domain::to_micros(c.created_at));
    params.add(c.edited_at ? std::optional<std::int64_t>(domain::to_micros(*c.edited_at)) : std::nullopt);
    params.add(c.ip_hash).add(c.filter_reason).add(std::int64_t{c.featured ? 1 : 0});
    if (auto ok = db.run(kInsertComment, params); !ok) return ok.error();
    for (const domain::CommentEdit& e : r.edits) {
        Params edit;
        edit.add(c.id).add(e.text).add(domain::to_micros(e.replaced_at)).add(e.edited_by);
        if (auto ok = db.run(kInsertEdit, edit); !ok) return ok.error();
    }
    return {};
}

}  // namespace

Result<ExportBatch> export_batch(Connection& db, ExportTable table, std::int64_t after_id, int limit) {
    Params params;
    params.add(after_id).add(std::int64_t{std::clamp(limit, 1, kMaxBatch)});
    switch (table) {
        case ExportTable::kArticles: {
            auto r = db.run(kExportArticles, params);
            if (!r) return r.error();
            std::vector<domain::Article> out;
            out.reserve(static_cast<std::size_t>(r->rows()));
            for (int i = 0; i < r->rows(); ++i) out.push_back(read_article(*r, i));
            return ExportBatch(std::move(out));
        }
        case ExportTable::kComments: {
            auto r = db.run(kExportComments, params);
            if (!r) return r.error();
            std::vector<CommentRecord> out;
            for (int i = 0; i < r->rows(); ++i) add_exported_comment_row(out, PgRow{*r, i});
            return ExportBatch(std::move(out));
        }
    }
    return ExportBatch();
}

Result<std::vector<ThreadCount>> export_thread_counts(Connection& db, std::string_view after_page,
                                                      int limit) {
    auto r = db.run(kExportThreadCounts,
                    Params().add(after_page).add(std::int64_t{std::clamp(limit, 1, kMaxBatch)}));
    if (!r) return r.error();
    std::vector<ThreadCount> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back({r->text(i, 0), r->int64(i, 1)});
    return out;
}

Result<StoreSummary> import_all(Connection& db, ImportSource& source, const ImportOptions& options) {
    auto stored = import_rows(source, options, [&] { return db.exec(kWipe); }, [&] { return is_empty(db); },
                              [&](const auto& row) { return insert(db, row); });
    if (!stored) return stored.error();
    auto threads = db.exec(kRecount);  // the last statement's result: pages with approved comments
    if (!threads) return threads.error();
    stored->threads = threads->int64(0, 0);
    return *stored;
}

}  // namespace tribune::store::postgres
