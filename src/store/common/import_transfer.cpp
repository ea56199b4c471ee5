#include "store/common/import_transfer.hpp"

#include "store/common/import_steps.hpp"

namespace tribune::store::import_transfer {
namespace {

const PortableSql kExportSources(
    "SELECT id, source, kind, source_id, local_id, page, pending_parent FROM import_sources"
    " WHERE id > CAST(?1 AS BIGINT) ORDER BY id LIMIT CAST(?2 AS BIGINT)");
// Byte order on both engines (SQLite's BINARY, PostgreSQL's "C").
const PortableSql kExportPathRedirects("SELECT path, page FROM path_redirects ORDER BY path",
                                       "SELECT path, page FROM path_redirects ORDER BY path COLLATE \"C\"");

// Imports keep ids; PostgreSQL's identity columns must be told to take them.
const PortableSql kImportSource(
    "INSERT INTO import_sources (id, source, kind, source_id, local_id, page, pending_parent) VALUES"
    " (CAST(?1 AS BIGINT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS BIGINT),"
    " CAST(?6 AS TEXT), CAST(?7 AS TEXT))",
    "INSERT INTO import_sources (id, source, kind, source_id, local_id, page, pending_parent)"
    " OVERRIDING SYSTEM VALUE VALUES (CAST(?1 AS BIGINT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT),"
    " CAST(?5 AS BIGINT), CAST(?6 AS TEXT), CAST(?7 AS TEXT))");
const PortableSql kImportPathRedirect(
    "INSERT INTO path_redirects (path, page) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT))");

}  // namespace

Result<std::vector<ImportSourceRow>> export_sources(SqlSession& db, std::int64_t after_id, std::int64_t limit) {
    auto r = db.query(kExportSources, {after_id, limit});
    if (!r) return r.error();
    std::vector<ImportSourceRow> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i)
        out.push_back({r->int64(i, 0), r->text(i, 1), r->text(i, 2), r->text(i, 3), r->int64(i, 4), r->text(i, 5),
                       r->text(i, 6)});
    return out;
}

Result<std::vector<PathRedirect>> export_path_redirects(SqlSession& db) {
    auto r = db.query(kExportPathRedirects, {});
    if (!r) return r.error();
    std::vector<PathRedirect> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back({r->text(i, 0), r->text(i, 1)});
    return out;
}

Result<void> insert(SqlSession& db, const ImportSourceRow& row) {
    auto r = db.query(kImportSource, {row.id, std::string_view(row.source), std::string_view(row.kind),
                                      std::string_view(row.source_id), row.local_id, std::string_view(row.page),
                                      std::string_view(row.pending_parent)});
    if (!r) return r.error();
    return {};
}

Result<void> insert(SqlSession& db, const PathRedirect& redirect) {
    if (auto ok = import_steps::check_path_redirect(redirect); !ok) return ok.error();
    auto r = db.query(kImportPathRedirect, {std::string_view(redirect.path), std::string_view(redirect.page)});
    if (!r) return r.error();
    return {};
}

}  // namespace tribune::store::import_transfer
