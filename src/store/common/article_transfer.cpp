#include "store/common/article_transfer.hpp"

#include <string>

#include "domain/markdown_text.hpp"
#include "store/common/article_steps.hpp"
#include "store/common/coverage_steps.hpp"
#include "store/common/review_steps.hpp"

namespace tribune::store::article_transfer {
namespace {

// The names of one export batch: the same articles as its kExportArticles.
constexpr std::string_view kInExportBatch =
    "l.article_id IN (SELECT id FROM articles WHERE id > CAST(?1 AS BIGINT) ORDER BY id LIMIT CAST(?2 AS BIGINT))";

const PortableSql kExportArticles(article_steps::select_articles_where("a.id > CAST(?1 AS BIGINT) ORDER BY a.id LIMIT CAST(?2 AS BIGINT)"));
const PortableSql kExportArticleAuthors(article_steps::select_names_where(article_steps::NameKind::kAuthors, kInExportBatch));
const PortableSql kExportArticleTags(article_steps::select_names_where(article_steps::NameKind::kTags, kInExportBatch));
const PortableSql kExportAuthors(
    "SELECT id, slug, name, bio, photo_url, links, user_id FROM authors WHERE id > CAST(?1 AS BIGINT)"
    " ORDER BY id LIMIT CAST(?2 AS BIGINT)");
const PortableSql kExportRevisions(
    "SELECT id, article_id, number, saved_at, saved_by, snapshot FROM article_revisions"
    " WHERE id > CAST(?1 AS BIGINT) ORDER BY id LIMIT CAST(?2 AS BIGINT)");
// Byte order on both engines (SQLite's BINARY, PostgreSQL's "C").
const PortableSql kExportRedirects("SELECT old_slug, article_id FROM article_redirects ORDER BY old_slug",
                             "SELECT old_slug, article_id FROM article_redirects ORDER BY old_slug COLLATE \"C\"");

// Imports keep ids; PostgreSQL's identity columns must be told to take them.
const PortableSql kImportAuthor(
    "INSERT INTO authors (id, slug, name, bio, photo_url, links, user_id) VALUES (CAST(?1 AS BIGINT),"
    " CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT), CAST(?6 AS TEXT), CAST(?7 AS BIGINT))",
    "INSERT INTO authors (id, slug, name, bio, photo_url, links, user_id) OVERRIDING SYSTEM VALUE VALUES"
    " (CAST(?1 AS BIGINT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT),"
    " CAST(?6 AS TEXT), CAST(?7 AS BIGINT))");
constexpr std::string_view kImportArticleColumns =
    "id, slug, title, summary, author, body_markdown, status, published_at, updated_at, created_at, revision,"
    " page_key, media_kind, media_url, media_mime, media_duration_seconds, media_caption, media_alt,"
    " media_credit, media_width, media_height, body_text, live";
constexpr std::string_view kImportArticleValues =
    " (CAST(?1 AS BIGINT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT),"
    " CAST(?6 AS TEXT), CAST(?7 AS TEXT), CAST(?8 AS BIGINT), CAST(?9 AS BIGINT), CAST(?10 AS BIGINT),"
    " CAST(?11 AS BIGINT), CAST(?12 AS TEXT), CAST(?13 AS TEXT), CAST(?14 AS TEXT), CAST(?15 AS TEXT),"
    " CAST(?16 AS BIGINT), CAST(?17 AS TEXT), CAST(?18 AS TEXT), CAST(?19 AS TEXT), CAST(?20 AS BIGINT),"
    " CAST(?21 AS BIGINT), CAST(?22 AS TEXT), CAST(?23 AS BIGINT))";
std::string import_article_sql(std::string_view overriding) {
    std::string s("INSERT INTO articles (");
    s += kImportArticleColumns;
    s += ")";
    s += overriding;
    s += " VALUES";
    s += kImportArticleValues;
    return s;
}
const PortableSql kImportArticle(import_article_sql(""), import_article_sql(" OVERRIDING SYSTEM VALUE"));
const PortableSql kImportSectionLink(
    "UPDATE articles SET section_id = (SELECT id FROM sections WHERE slug = CAST(?2 AS TEXT))"
    " WHERE id = CAST(?1 AS BIGINT)");
const PortableSql kImportSection(
    "INSERT INTO sections (slug, name) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT)) ON CONFLICT (slug) DO NOTHING");
const PortableSql kImportRevision(
    "INSERT INTO article_revisions (id, article_id, number, saved_at, saved_by, snapshot) VALUES"
    " (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT), CAST(?5 AS TEXT),"
    " CAST(?6 AS TEXT))",
    "INSERT INTO article_revisions (id, article_id, number, saved_at, saved_by, snapshot) OVERRIDING SYSTEM VALUE"
    " VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT), CAST(?5 AS TEXT),"
    " CAST(?6 AS TEXT))");
const PortableSql kImportRedirect(
    "INSERT INTO article_redirects (old_slug, article_id) VALUES (CAST(?1 AS TEXT), CAST(?2 AS BIGINT))");

Result<void> stored_ok(const Result<SqlRows>& r) {
    if (!r) return r.error();
    return {};
}

}  // namespace

Result<std::vector<AuthorProfile>> export_authors(SqlSession& db, std::int64_t after_id, std::int64_t limit) {
    auto r = db.query(kExportAuthors, {after_id, limit});
    if (!r) return r.error();
    std::vector<AuthorProfile> out;
    for (int i = 0; i < r->rows(); ++i) {
        AuthorProfile p;
        p.id = r->int64(i, 0);
        p.slug = r->text(i, 1);
        p.name = r->text(i, 2);
        p.bio = r->text(i, 3);
        p.photo_url = r->text(i, 4);
        const std::string& links = r->text(i, 5);
        for (std::size_t start = 0; start < links.size();) {
            const auto end = std::min(links.find('\n', start), links.size());
            if (end > start) p.links.push_back(links.substr(start, end - start));
            start = end + 1;
        }
        if (!r->is_null(i, 6)) p.user_id = r->int64(i, 6);
        out.push_back(std::move(p));
    }
    return out;
}

Result<std::vector<domain::Article>> export_articles(SqlSession& db, std::int64_t after_id, std::int64_t limit) {
    auto rows = db.query(kExportArticles, {after_id, limit});
    if (!rows) return rows.error();
    std::vector<domain::Article> out;
    for (int i = 0; i < rows->rows(); ++i) out.push_back(article_steps::read_article(*rows, i));
    if (out.empty()) return out;
    for (const bool tags : {false, true}) {
        auto names = db.query(tags ? kExportArticleTags : kExportArticleAuthors, {after_id, limit});
        if (!names) return names.error();
        article_steps::attach_names(out, *names, tags);
    }
    if (auto corrected = coverage_steps::attach_corrections(db, out); !corrected) return corrected.error();
    if (auto reviewed = review_steps::attach_requests(db, out); !reviewed) return reviewed.error();
    return out;
}

Result<std::vector<ArticleRevision>> export_revisions(SqlSession& db, std::int64_t after_id, std::int64_t limit) {
    auto r = db.query(kExportRevisions, {after_id, limit});
    if (!r) return r.error();
    std::vector<ArticleRevision> out;
    for (int i = 0; i < r->rows(); ++i)
        out.push_back({r->int64(i, 0), r->int64(i, 1), static_cast<std::int32_t>(r->int64(i, 2)),
                       domain::from_micros(r->int64(i, 3)), r->text(i, 4), r->text(i, 5)});
    return out;
}

Result<std::vector<ArticleRedirect>> export_redirects(SqlSession& db) {
    auto r = db.query(kExportRedirects, {});
    if (!r) return r.error();
    std::vector<ArticleRedirect> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back({r->text(i, 0), r->int64(i, 1)});
    return out;
}

Result<void> insert(SqlSession& db, const AuthorProfile& p) {
    std::string links;
    for (const auto& l : p.links) {
        if (!links.empty()) links += '\n';
        links += l;
    }
    const SqlValue user = p.user_id ? SqlValue{*p.user_id} : SqlValue{std::monostate{}};
    return stored_ok(db.query(kImportAuthor, {p.id, std::string_view(p.slug), std::string_view(p.name),
                                         std::string_view(p.bio), std::string_view(p.photo_url),
                                         std::string_view(links), user}));
}

Result<void> insert(SqlSession& db, const domain::Article& a) {
    const auto& m = a.media;
    const std::string status(domain::to_string(a.status));
    const std::string body_text = domain::markdown_plain_text(a.body_markdown);  // what search indexes
    auto stored = db.query(
        kImportArticle,
        {a.id, std::string_view(a.slug), std::string_view(a.title), std::string_view(a.summary),
         std::string_view(a.lead_author()), std::string_view(a.body_markdown), std::string_view(status),
         domain::to_micros(a.published_at), domain::to_micros(a.updated_at), domain::to_micros(a.created_at),
         std::int64_t{a.revision}, std::string_view(a.page_key()), article_steps::media_text(m, &domain::Media::kind),
         article_steps::media_text(m, &domain::Media::url), article_steps::media_text(m, &domain::Media::mime_type),
         article_steps::media_number(m, &domain::Media::duration_seconds), article_steps::media_text(m, &domain::Media::caption),
         article_steps::media_text(m, &domain::Media::alt), article_steps::media_text(m, &domain::Media::credit),
         article_steps::media_number(m, &domain::Media::width), article_steps::media_number(m, &domain::Media::height),
         std::string_view(body_text), std::int64_t{a.live ? 1 : 0}});
    if (!stored) return stored.error();
    if (auto ok = coverage_steps::insert_corrections(db, a); !ok) return ok;
    if (auto ok = review_steps::insert_request(db, a); !ok) return ok;
    if (a.section) {
        const auto& s = *a.section;
        if (auto ok = stored_ok(db.query(kImportSection, {std::string_view(s.slug), std::string_view(s.name)})); !ok)
            return ok;
        if (auto ok = stored_ok(db.query(kImportSectionLink, {a.id, std::string_view(s.slug)})); !ok) return ok;
    }
    return article_steps::link_names(db, a.id, a);
}

Result<void> insert(SqlSession& db, const ArticleRevision& r) {
    return stored_ok(db.query(kImportRevision, {r.id, r.article_id, std::int64_t{r.number}, domain::to_micros(r.saved_at),
                                           std::string_view(r.saved_by), std::string_view(r.snapshot)}));
}

Result<void> insert(SqlSession& db, const ArticleRedirect& r) {
    return stored_ok(db.query(kImportRedirect, {std::string_view(r.old_slug), r.article_id}));
}

Result<std::vector<domain::LiveUpdate>> export_live_updates(SqlSession& db, std::int64_t after_id, std::int64_t limit) {
    return coverage_steps::export_updates(db, after_id, limit);
}

Result<void> insert(SqlSession& db, const domain::LiveUpdate& u) { return coverage_steps::insert_update(db, u); }

}  // namespace tribune::store::article_transfer
