#include "store/common/article_steps.hpp"

#include <algorithm>
#include <compare>
#include <limits>
#include <string>

#include "domain/article.hpp"
#include "domain/markdown_text.hpp"
#include "store/common/author_steps.hpp"
#include "store/common/coverage_steps.hpp"
#include "store/common/outbox_steps.hpp"
#include "store/common/review_steps.hpp"
#include "store/common/store_errors.hpp"

namespace tribune::store::article_steps {
namespace {

using domain::ErrorCode;

// The columns read_article() expects, in this order.
}  // namespace

const std::string_view kArticleSelectColumns =
    "a.id, a.slug, a.title, a.summary, a.body_markdown, a.status, a.published_at, a.updated_at, a.created_at, "
    "a.revision, a.page_key, a.media_kind, a.media_url, a.media_mime, a.media_duration_seconds, a.media_caption, "
    "a.media_alt, a.media_credit, a.media_width, a.media_height, s.name, s.slug, a.live";

namespace {

// kArticleSelectColumns without the body: for lists that show none (ArticleQuery::bodies).
std::string head_columns() {
    std::string c(kArticleSelectColumns);
    const std::string_view body = "a.body_markdown";
    c.replace(c.find(body), body.size(), "'' AS body_markdown");
    return c;
}

std::string select_where(std::string_view columns, std::string_view where) {
    std::string s("SELECT ");
    s += columns;
    s += " FROM articles a LEFT JOIN sections s ON s.id = a.section_id WHERE ";
    s += where;
    return s;
}

}  // namespace

std::string select_articles_where(std::string_view where) {
    std::string s("SELECT ");
    s += kArticleSelectColumns;
    s += " FROM articles a LEFT JOIN sections s ON s.id = a.section_id WHERE ";
    s += where;
    return s;
}

std::string select_names_where(NameKind kind, std::string_view where) {
    const bool tags = kind == NameKind::kTags;
    std::string s("SELECT l.article_id, n.name, n.slug FROM ");
    s += tags ? "article_tags l JOIN tags n ON n.id = l.tag_id" : "article_authors l JOIN authors n ON n.id = l.author_id";
    s += " WHERE ";
    s += where;
    s += " ORDER BY l.article_id, l.position";
    return s;
}

// A list's filters: 1 status ("" any), 2 section slug, 3 tag slug, 4 author slug, 5 excluded
// slug, 6 1 when a cursor follows, 7 cursor time, 8 cursor id, 10 words the title contains
// (a LIKE pattern, "" none). `time` is the order's column.
std::string list_filter(std::string_view time) {
    std::string t(time);
    return "(CAST(?1 AS TEXT) = '' OR a.status = CAST(?1 AS TEXT))"
           " AND (CAST(?2 AS TEXT) = '' OR s.slug = CAST(?2 AS TEXT))"
           " AND (CAST(?3 AS TEXT) = '' OR EXISTS (SELECT 1 FROM article_tags x JOIN tags g ON g.id = x.tag_id"
           "      WHERE x.article_id = a.id AND g.slug = CAST(?3 AS TEXT)))"
           " AND (CAST(?4 AS TEXT) = '' OR EXISTS (SELECT 1 FROM article_authors x JOIN authors u"
           "      ON u.id = x.author_id WHERE x.article_id = a.id AND u.slug = CAST(?4 AS TEXT)))"
           " AND a.slug <> CAST(?5 AS TEXT)"
           " AND (CAST(?10 AS TEXT) = '' OR lower(a.title) LIKE lower(CAST(?10 AS TEXT)) ESCAPE '!')"
           " AND (CAST(?6 AS BIGINT) = 0 OR a." + t + " < CAST(?7 AS BIGINT) OR (a." + t +
           " = CAST(?7 AS BIGINT) AND a.id < CAST(?8 AS BIGINT)))"
           " ORDER BY a." + t + " DESC, a.id DESC LIMIT CAST(?9 AS BIGINT)";
}

namespace {



// The reader's lists (published, newest first, filtered by at most one of section, tag and
// author) each have a statement of their own: no planner turns list_filter's "(? = '' OR ...)"
// shapes into an index range, so with those every page read rows from the newest down until it
// had its own. These seek instead: the front page articles_by_status, a section
// articles_by_section, and a tag or an author takes its article ids from article_tags_by_tag or
// article_authors_by_author and orders them by their keys alone (on SQLite through
// articles_listing: a row's list keys come after its long body, so reading them from the row
// walks the body's overflow pages). A cursor is a (time, id) row-value bound; the first page
// passes the largest values. The excluded slug is checked on the final rows, so a tag's or an
// author's ids take one more than the page.
// Front page parameters: 1 status, 2 excluded slug, 3 cursor time, 4 cursor id, 5 limit.
// The others: 1 status, 2 the section, tag or author slug, 3 excluded slug, 4 cursor time, 5
// cursor id, 6 limit.
const std::string kNewestFirst = " ORDER BY a.published_at DESC, a.id DESC";

std::string list_front(std::string_view columns) {
    return select_where(columns, 
        "a.status = CAST(?1 AS TEXT) AND a.slug <> CAST(?2 AS TEXT)"
        " AND (a.published_at, a.id) < (CAST(?3 AS BIGINT), CAST(?4 AS BIGINT))" + kNewestFirst +
        " LIMIT CAST(?5 AS BIGINT)");
}

std::string list_section(std::string_view columns) {
    return select_where(columns, 
        "a.section_id = (SELECT id FROM sections WHERE slug = CAST(?2 AS TEXT)) AND a.status = CAST(?1 AS TEXT)"
        " AND a.slug <> CAST(?3 AS TEXT) AND (a.published_at, a.id) < (CAST(?4 AS BIGINT), CAST(?5 AS BIGINT))" +
        kNewestFirst + " LIMIT CAST(?6 AS BIGINT)");
}

std::string list_linked(std::string_view columns, NameKind kind) {
    const bool tags = kind == NameKind::kTags;
    std::string ids = tags ? "SELECT l.id FROM article_tags x JOIN articles l ON l.id = x.article_id"
                             " WHERE x.tag_id = (SELECT id FROM tags WHERE slug = CAST(?2 AS TEXT))"
                           : "SELECT l.id FROM article_authors x JOIN articles l ON l.id = x.article_id"
                             " WHERE x.author_id = (SELECT id FROM authors WHERE slug = CAST(?2 AS TEXT))";
    ids += " AND l.status = CAST(?1 AS TEXT) AND (l.published_at, l.id) < (CAST(?4 AS BIGINT), CAST(?5 AS BIGINT))"
           " ORDER BY l.published_at DESC, l.id DESC LIMIT CAST(?6 AS BIGINT) + 1";
    return select_where(columns, "a.id IN (" + ids + ") AND a.slug <> CAST(?3 AS TEXT)" + kNewestFirst +
                                 " LIMIT CAST(?6 AS BIGINT)");
}

// The names of the articles whose ids ?1 lists as a JSON array ("[3,1,2]"), so a list's names
// come from the very rows it read: both kinds in one statement (one round trip for a list page
// or a search answer, not two): article_id, kind (0 an author, 1 a tag), name, slug, position,
// put in byline order by attach_all_names (an ORDER BY over the UNION ALL sorted both halves in
// a temporary b-tree, although each comes from its index in article and position order).
// PostgreSQL reads the ids as an array ("{3,1,2}"): an IN over jsonb_array_elements_text was
// planned as a hash join over every row of the link table (a few ms at 10,000 articles, on every
// list page and search not cached), = ANY seeks its primary key.
PortableSql all_names_of_ids() {
    auto part = [](NameKind kind, std::string_view in_ids) {
        const bool tags = kind == NameKind::kTags;
        std::string s = tags ? "SELECT l.article_id, 1, n.name, n.slug, l.position FROM article_tags l JOIN tags n ON n.id = l.tag_id"
                             : "SELECT l.article_id, 0, n.name, n.slug, l.position FROM article_authors l JOIN authors n ON n.id = l.author_id";
        s += " WHERE l.article_id ";
        s += in_ids;
        return s;
    };
    auto both = [&](std::string_view in_ids) {
        return part(NameKind::kAuthors, in_ids) + " UNION ALL " + part(NameKind::kTags, in_ids);
    };
    return PortableSql(both("IN (SELECT CAST(value AS INTEGER) FROM json_each(CAST(?1 AS TEXT)))"),
                       both("= ANY (CAST(translate(CAST(?1 AS TEXT), '[]', '{}') AS BIGINT[]))"));
}

const PortableSql kBySlug(select_articles_where("a.slug = CAST(?1 AS TEXT)"));
const PortableSql kByPage(select_articles_where("a.page_key = CAST(?1 AS TEXT)"));
// Each list's statements, with the body or without it (ArticleQuery::bodies).
struct ListStatements {
    explicit ListStatements(std::string_view columns)
        : by_published(select_where(columns, list_filter("published_at"))),
          by_updated(select_where(columns, list_filter("updated_at"))),
          front(list_front(columns)),
          section(list_section(columns)),
          tag(list_linked(columns, NameKind::kTags)),
          author(list_linked(columns, NameKind::kAuthors)) {}
    PortableSql by_published, by_updated, front, section, tag, author;
};
const ListStatements kLists(kArticleSelectColumns);
const ListStatements kListHeads(head_columns());
const PortableSql kNamesOfIds = all_names_of_ids();

const PortableSql kRedirect(
    "SELECT a.slug FROM article_redirects r JOIN articles a ON a.id = r.article_id"
    " WHERE r.old_slug = CAST(?1 AS TEXT)");
const PortableSql kCurrent("SELECT slug, revision, page_key, status FROM articles WHERE id = CAST(?1 AS BIGINT)");
const PortableSql kPageTaken("SELECT 1 FROM articles WHERE page_key = CAST(?1 AS TEXT)");

// Authors, sections and tags are found by slug, and made with their name only when missing; an
// existing name is kept (renaming is the editor's own act, not a side effect of one article
// spelling it differently). Finding is a plain read: an upsert that "updates" the existing row to
// return its id writes and locks that row until commit, so every concurrent save naming the same
// section or tag waited for the one before it (and its commit's flush) on PostgreSQL.
// ?1: the slugs as a JSON array of strings (slugs need no escaping); PostgreSQL reads it as an
// array literal.
PortableSql ids_of_slugs(std::string_view table) {
    const std::string head = "SELECT id, slug FROM " + std::string(table) + " WHERE slug ";
    return PortableSql(head + "IN (SELECT value FROM json_each(CAST(?1 AS TEXT)))",
                       head + "= ANY (CAST(translate(CAST(?1 AS TEXT), '[]', '{}') AS TEXT[]))");
}
const PortableSql kAuthorIds = ids_of_slugs("authors");
const PortableSql kTagIds = ids_of_slugs("tags");
const PortableSql kSectionId("SELECT id FROM sections WHERE slug = CAST(?1 AS TEXT)");
const PortableSql kAuthorId("SELECT id FROM authors WHERE slug = CAST(?1 AS TEXT)");
const PortableSql kTagId("SELECT id FROM tags WHERE slug = CAST(?1 AS TEXT)");
// A name made meanwhile by another save returns no row here (it is then read again).
const PortableSql kInsertAuthor(
    "INSERT INTO authors (slug, name) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT)) ON CONFLICT DO NOTHING RETURNING id");
const PortableSql kInsertSection(
    "INSERT INTO sections (slug, name) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT)) ON CONFLICT DO NOTHING RETURNING id");
const PortableSql kInsertTag(
    "INSERT INTO tags (slug, name) VALUES (CAST(?1 AS TEXT), CAST(?2 AS TEXT)) ON CONFLICT DO NOTHING RETURNING id");
// All of an article's authors (or tags) in one statement: ?2 is a JSON array of their ids in
// order, its position the link's.
PortableSql link_all(std::string_view table, std::string_view column) {
    const std::string head = "INSERT INTO " + std::string(table) + " (article_id, position, " + std::string(column) + ") ";
    return PortableSql(
        head + "SELECT CAST(?1 AS BIGINT), CAST(key AS INTEGER), CAST(value AS INTEGER) FROM json_each(CAST(?2 AS TEXT))",
        head + "SELECT CAST(?1 AS BIGINT), n - 1, id FROM unnest(CAST(translate(CAST(?2 AS TEXT), '[]', '{}') AS BIGINT[]))"
               " WITH ORDINALITY AS t(id, n)");
}
const PortableSql kLinkAuthors = link_all("article_authors", "author_id");
const PortableSql kLinkTags = link_all("article_tags", "tag_id");
const PortableSql kUnlinkAuthors("DELETE FROM article_authors WHERE article_id = CAST(?1 AS BIGINT)");
const PortableSql kUnlinkTags("DELETE FROM article_tags WHERE article_id = CAST(?1 AS BIGINT)");

// Parameters 1-20 of an article's own columns, in this order, for both insert and update.
constexpr std::string_view kFieldNames =
    "slug, title, summary, author, body_markdown, status, published_at, updated_at, section_id, media_kind,"
    " media_url, media_mime, media_duration_seconds, media_caption, media_alt, media_credit, media_width,"
    " media_height";
constexpr std::string_view kFieldValues =
    "CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS TEXT), CAST(?4 AS TEXT), CAST(?5 AS TEXT), CAST(?6 AS TEXT),"
    " CAST(?7 AS BIGINT), CAST(?8 AS BIGINT), CAST(?9 AS BIGINT), CAST(?10 AS TEXT), CAST(?11 AS TEXT),"
    " CAST(?12 AS TEXT), CAST(?13 AS BIGINT), CAST(?14 AS TEXT), CAST(?15 AS TEXT), CAST(?16 AS TEXT),"
    " CAST(?17 AS BIGINT), CAST(?18 AS BIGINT)";

// A taken slug or page key inserts nothing and returns no row.
const PortableSql kInsert([] {
    std::string s("INSERT INTO articles (");
    s += kFieldNames;
    s += ", created_at, page_key, revision, body_text) VALUES (";
    s += kFieldValues;
    s += ", CAST(?19 AS BIGINT), CAST(?20 AS TEXT), 1, CAST(?21 AS TEXT)) ON CONFLICT DO NOTHING RETURNING id";
    return s;
}());
const PortableSql kUpdate(
    "UPDATE articles SET slug = CAST(?1 AS TEXT), title = CAST(?2 AS TEXT), summary = CAST(?3 AS TEXT),"
    " author = CAST(?4 AS TEXT), body_markdown = CAST(?5 AS TEXT), status = CAST(?6 AS TEXT),"
    " published_at = CAST(?7 AS BIGINT), updated_at = CAST(?8 AS BIGINT), section_id = CAST(?9 AS BIGINT),"
    " media_kind = CAST(?10 AS TEXT), media_url = CAST(?11 AS TEXT), media_mime = CAST(?12 AS TEXT),"
    " media_duration_seconds = CAST(?13 AS BIGINT), media_caption = CAST(?14 AS TEXT),"
    " media_alt = CAST(?15 AS TEXT), media_credit = CAST(?16 AS TEXT), media_width = CAST(?17 AS BIGINT),"
    " media_height = CAST(?18 AS BIGINT), body_text = CAST(?21 AS TEXT), revision = revision + 1"
    " WHERE id = CAST(?19 AS BIGINT) AND revision = CAST(?20 AS BIGINT) RETURNING revision");
const PortableSql kSlugTaken("SELECT 1 FROM articles WHERE slug = CAST(?1 AS TEXT) AND id <> CAST(?2 AS BIGINT)");
const PortableSql kAddRedirect(
    "INSERT INTO article_redirects (old_slug, article_id) VALUES (CAST(?1 AS TEXT), CAST(?2 AS BIGINT))"
    " ON CONFLICT (old_slug) DO UPDATE SET article_id = excluded.article_id");
const PortableSql kDropRedirect("DELETE FROM article_redirects WHERE old_slug = CAST(?1 AS TEXT)");
const PortableSql kAddRevision(
    "INSERT INTO article_revisions (article_id, number, saved_at, saved_by, snapshot)"
    " VALUES (CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), CAST(?3 AS BIGINT), CAST(?4 AS TEXT), CAST(?5 AS TEXT))");
const PortableSql kRevisions(
    "SELECT id, article_id, number, saved_at, saved_by, snapshot FROM article_revisions"
    " WHERE article_id = CAST(?1 AS BIGINT) ORDER BY number DESC LIMIT CAST(?2 AS BIGINT)");
const PortableSql kRevision(
    "SELECT id, article_id, number, saved_at, saved_by, snapshot FROM article_revisions"
    " WHERE article_id = CAST(?1 AS BIGINT) AND number = CAST(?2 AS BIGINT)");
const PortableSql kAuthor("SELECT " + std::string(author_steps::kProfileColumns) +
                         " FROM authors WHERE slug = CAST(?1 AS TEXT)");
const PortableSql kSection("SELECT name, slug FROM sections WHERE slug = CAST(?1 AS TEXT)");
const PortableSql kTag("SELECT name, slug FROM tags WHERE slug = CAST(?1 AS TEXT)");

constexpr int kMaxList = 200;
constexpr int kMaxRevisions = 500;

}  // namespace

domain::Article read_article(const SqlRows& r, int i) {
    domain::Article a;
    a.id = r.int64(i, 0);
    a.slug = r.text(i, 1);
    a.title = r.text(i, 2);
    a.summary = r.text(i, 3);
    a.body_markdown = r.text(i, 4);
    a.status = domain::parse_article_status(r.text(i, 5)).value_or(domain::ArticleStatus::kDraft);
    a.published_at = domain::from_micros(r.int64(i, 6));
    a.updated_at = domain::from_micros(r.int64(i, 7));
    a.created_at = domain::from_micros(r.int64(i, 8));
    a.revision = static_cast<std::int32_t>(r.int64(i, 9));
    a.page = r.text(i, 10);
    if (!r.is_null(i, 11)) {
        domain::Media m;
        m.kind = r.text(i, 11);
        m.url = r.text(i, 12);
        m.mime_type = r.text(i, 13);
        m.duration_seconds = static_cast<std::int32_t>(r.int64(i, 14));
        m.caption = r.text(i, 15);
        m.alt = r.text(i, 16);
        m.credit = r.text(i, 17);
        m.width = static_cast<std::int32_t>(r.int64(i, 18));
        m.height = static_cast<std::int32_t>(r.int64(i, 19));
        a.media = std::move(m);
    }
    if (!r.is_null(i, 20)) a.section = domain::NamedRef{r.text(i, 20), r.text(i, 21)};
    a.live = r.int64(i, 22) != 0;
    return a;
}

void attach_names(std::vector<domain::Article>& articles, const SqlRows& names, bool tags) {
    for_each_article_row(articles, names, [&](domain::Article& a, int i) {
        (tags ? a.tags : a.authors).push_back({names.text(i, 1), names.text(i, 2)});
    });
}

Result<SqlRows> query_for_articles(SqlSession& db, const PortableSql& sql, const std::vector<domain::Article>& articles) {
    std::string ids = "[";
    for (const auto& a : articles) {
        if (ids.size() > 1) ids += ',';
        ids += std::to_string(a.id);
    }
    ids += ']';
    return db.query(sql, {std::string_view(ids)});
}

void for_each_article_row(std::vector<domain::Article>& articles, const SqlRows& rows,
                          const std::function<void(domain::Article&, int)>& take) {
    for (int i = 0; i < rows.rows(); ++i) {
        const std::int64_t id = rows.int64(i, 0);
        for (auto& a : articles) {
            if (a.id != id) continue;
            take(a, i);
            break;
        }
    }
}

namespace {

Result<domain::Article> one(SqlSession& db, const PortableSql& sql, std::string_view key) {
    auto rows = db.query(sql, {key});
    if (!rows) return rows.error();
    if (rows->rows() == 0) return article_not_found();
    std::vector<domain::Article> found{read_article(*rows, 0)};
    if (auto named = attach_all_names(db, found); !named) return named.error();
    if (auto corrected = coverage_steps::attach_corrections(db, found); !corrected) return corrected.error();
    return std::move(found.front());
}

}  // namespace

SqlValue media_text(const std::optional<domain::Media>& m, const std::string domain::Media::*field) {
    if (!m) return std::monostate{};
    return std::string_view((*m).*field);
}

SqlValue media_number(const std::optional<domain::Media>& m, std::int32_t domain::Media::*field) {
    if (!m) return std::monostate{};
    return std::int64_t{(*m).*field};
}

namespace {

Result<std::int64_t> no_id() {
    return domain::make_error(ErrorCode::kInternal, "Could not save", "a name was neither found nor made");
}

// The id of `ref`: read by its slug with `find`, or made by `insert` when missing.
Result<std::int64_t> name_id(SqlSession& db, const PortableSql& find, const PortableSql& insert,
                             const domain::NamedRef& ref, bool known_missing) {
    if (!known_missing) {
        auto found = db.query(find, {std::string_view(ref.slug)});
        if (!found) return found.error();
        if (found->rows() > 0) return found->int64(0, 0);
    }
    auto made = db.query(insert, {std::string_view(ref.slug), std::string_view(ref.name)});
    if (!made) return made.error();
    if (made->rows() > 0) return made->int64(0, 0);
    // Another save made it after that statement's snapshot: a new statement sees it.
    auto found = db.query(find, {std::string_view(ref.slug)});
    if (!found) return found.error();
    if (found->rows() == 0) return no_id();
    return found->int64(0, 0);
}

// The ids of `refs` in order ("[1,2]"): one read for all of them when every slug is a
// canonical one (it then needs no quoting as a JSON string or an array element), else one each.
Result<std::string> ids_of(SqlSession& db, const std::vector<domain::NamedRef>& refs, bool tags) {
    const PortableSql& find_one = tags ? kTagId : kAuthorId;
    const PortableSql& insert = tags ? kInsertTag : kInsertAuthor;
    const bool canonical = std::all_of(refs.begin(), refs.end(), [](const auto& r) { return domain::is_valid_slug(r.slug); });
    SqlRows found;
    if (canonical) {
        std::string slugs = "[";
        for (const auto& r : refs) {
            if (slugs.size() > 1) slugs += ',';
            slugs += '"' + r.slug + '"';
        }
        slugs += ']';
        auto rows = db.query(tags ? kTagIds : kAuthorIds, {std::string_view(slugs)});
        if (!rows) return rows.error();
        found = std::move(*rows);
    }
    std::string ids = "[";
    for (const auto& ref : refs) {
        std::optional<std::int64_t> id;
        for (int i = 0; i < found.rows() && !id; ++i)
            if (found.text(i, 1) == ref.slug) id = found.int64(i, 0);
        if (!id) {
            auto made = name_id(db, find_one, insert, ref, canonical);
            if (!made) return made.error();
            id = *made;
        }
        if (ids.size() > 1) ids += ',';
        ids += std::to_string(*id);
    }
    ids += ']';
    return ids;
}

// Links the article to its authors and tags; `fresh`: it has none yet (a new article).
Result<void> link(SqlSession& db, std::int64_t id, const domain::Article& a, bool fresh) {
    for (const bool tags : {false, true}) {
        if (!fresh)
            if (auto gone = db.query(tags ? kUnlinkTags : kUnlinkAuthors, {id}); !gone) return gone.error();
        const auto& refs = tags ? a.tags : a.authors;
        if (refs.empty()) continue;
        auto ids = ids_of(db, refs, tags);
        if (!ids) return ids.error();
        if (auto linked = db.query(tags ? kLinkTags : kLinkAuthors, {id, std::string_view(*ids)}); !linked)
            return linked.error();
    }
    return {};
}

}  // namespace

Result<void> link_names(SqlSession& db, std::int64_t id, const domain::Article& a) { return link(db, id, a, false); }

namespace {

// Runs `sql` (kInsert or kUpdate) with the article's 18 own fields followed by `extra`, then
// the body as plain text (?21), which the search index holds.
Result<SqlRows> write_fields(SqlSession& db, const PortableSql& sql, const domain::Article& a,
                             std::optional<std::int64_t> section_id, SqlValue extra1, SqlValue extra2) {
    const auto& m = a.media;
    const std::string body_text = domain::markdown_plain_text(a.body_markdown);
    const std::string status(domain::to_string(a.status));
    const SqlValue section = section_id ? SqlValue{*section_id} : SqlValue{std::monostate{}};
    return db.query(sql, {std::string_view(a.slug), std::string_view(a.title), std::string_view(a.summary),
                          std::string_view(a.lead_author()), std::string_view(a.body_markdown),
                          std::string_view(status), domain::to_micros(a.published_at),
                          domain::to_micros(a.updated_at), section, media_text(m, &domain::Media::kind),
                          media_text(m, &domain::Media::url), media_text(m, &domain::Media::mime_type),
                          media_number(m, &domain::Media::duration_seconds),
                          media_text(m, &domain::Media::caption), media_text(m, &domain::Media::alt),
                          media_text(m, &domain::Media::credit), media_number(m, &domain::Media::width),
                          media_number(m, &domain::Media::height), extra1, extra2, std::string_view(body_text)});
}

// A page key for a new article whose first choice was taken: its path with -2, -3... (an earlier
// article, since renamed, keeps that discussion).
Result<std::string> free_page_key(SqlSession& db, const std::string& base) {
    for (int n = 2; n < 1000; ++n) {
        std::string key = base + "-" + std::to_string(n);
        auto taken = db.query(kPageTaken, {std::string_view(key)});
        if (!taken) return taken.error();
        if (taken->rows() == 0) return key;
    }
    return slug_taken();
}

Result<void> add_revision(SqlSession& db, std::int64_t id, std::int64_t number, const ArticleSave& save) {
    auto r = db.query(kAddRevision, {id, number, domain::to_micros(save.article.updated_at),
                                     std::string_view(save.saved_by), std::string_view(save.snapshot)});
    if (!r) return r.error();
    return {};
}

// A save that leaves the article published tells the outbox, in the save's transaction: it was
// published now, or a published article was updated.
Result<void> record_publication(SqlSession& db, const domain::Article& stored, bool was_published) {
    if (stored.status != domain::ArticleStatus::kPublished) return {};
    return outbox_steps::record(db, was_published ? outbox_event::kArticleUpdated : outbox_event::kArticlePublished,
                                stored.id, stored.path(), stored.updated_at);
}

// Tries the usual page key first (the article's path): a taken slug or page key inserts nothing,
// and only then is it found out which.
Result<domain::Article> insert(SqlSession& db, const ArticleSave& save, std::optional<std::int64_t> section_id) {
    const auto& a = save.article;
    std::string page = a.page.empty() ? a.path() : a.page;
    auto r = write_fields(db, kInsert, a, section_id, domain::to_micros(a.created_at), std::string_view(page));
    if (r && r->rows() == 0) {
        auto taken = db.query(kSlugTaken, {std::string_view(a.slug), std::int64_t{0}});
        if (!taken) return taken.error();
        if (taken->rows() > 0) return slug_taken();
        auto free = free_page_key(db, page);
        if (!free) return free.error();
        page = std::move(*free);
        r = write_fields(db, kInsert, a, section_id, domain::to_micros(a.created_at), std::string_view(page));
    }
    if (!r && r.error().code == ErrorCode::kConflict) return slug_taken();
    if (!r) return r.error();
    if (r->rows() == 0) return slug_taken();
    const std::int64_t id = r->int64(0, 0);
    if (auto dropped = db.query(kDropRedirect, {std::string_view(a.slug)}); !dropped) return dropped.error();
    if (auto linked = link(db, id, a, true); !linked) return linked.error();
    if (auto kept = add_revision(db, id, 1, save); !kept) return kept.error();
    domain::Article stored = a;
    stored.id = id;
    stored.page = std::move(page);
    stored.revision = 1;
    if (auto recorded = record_publication(db, stored, false); !recorded) return recorded.error();
    return stored;
}

Result<domain::Article> update(SqlSession& db, const ArticleSave& save, std::optional<std::int64_t> section_id) {
    const auto& a = save.article;
    auto current = db.query(kCurrent, {a.id});
    if (!current) return current.error();
    if (current->rows() == 0) return article_not_found();
    const std::string old_slug = current->text(0, 0);
    const std::int64_t base = save.base_revision.value_or(static_cast<std::int32_t>(current->int64(0, 1)));
    if (old_slug != a.slug) {
        auto taken = db.query(kSlugTaken, {std::string_view(a.slug), a.id});
        if (!taken) return taken.error();
        if (taken->rows() > 0) return slug_taken();
    }
    auto r = write_fields(db, kUpdate, a, section_id, a.id, base);
    if (!r && r.error().code == ErrorCode::kConflict) return slug_taken();
    if (!r) return r.error();
    if (r->rows() == 0)
        return domain::make_error(ErrorCode::kConflict, "Article changed meanwhile",
                                  "someone saved a newer version of this article; reload it and apply your change again");
    const std::int64_t revision = r->int64(0, 0);
    if (old_slug != a.slug) {
        if (auto dropped = db.query(kDropRedirect, {std::string_view(a.slug)}); !dropped) return dropped.error();
        if (auto kept = db.query(kAddRedirect, {std::string_view(old_slug), a.id}); !kept) return kept.error();
    }
    if (auto linked = link_names(db, a.id, a); !linked) return linked.error();
    if (auto kept = add_revision(db, a.id, revision, save); !kept) return kept.error();
    domain::Article stored = a;
    stored.page = current->text(0, 2);
    stored.revision = static_cast<std::int32_t>(revision);
    const bool was_published = current->text(0, 3) == domain::to_string(domain::ArticleStatus::kPublished);
    if (auto recorded = record_publication(db, stored, was_published); !recorded) return recorded.error();
    return stored;
}

ArticleRevision read_revision(const SqlRows& r, int i) {
    return {r.int64(i, 0), r.int64(i, 1), static_cast<std::int32_t>(r.int64(i, 2)),
            domain::from_micros(r.int64(i, 3)), r.text(i, 4), r.text(i, 5)};
}

}  // namespace

Result<domain::Article> save(SqlSession& db, const ArticleSave& save) {
    std::optional<std::int64_t> section_id;
    if (save.article.section) {
        auto id = name_id(db, kSectionId, kInsertSection, *save.article.section, false);
        if (!id) return id.error();
        section_id = *id;
    }
    auto stored = save.article.id == 0 ? insert(db, save, section_id) : update(db, save, section_id);
    if (!stored) return stored;
    if (auto settled = review_steps::settle_after_save(db, *stored); !settled) return settled.error();
    return stored;
}

Result<domain::Article> by_slug(SqlSession& db, std::string_view slug) { return one(db, kBySlug, slug); }

Result<domain::Article> by_page(SqlSession& db, std::string_view page) { return one(db, kByPage, page); }

Result<std::optional<std::string>> redirect(SqlSession& db, std::string_view old_slug) {
    auto r = db.query(kRedirect, {old_slug});
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<std::string>{};
    return std::optional<std::string>{r->text(0, 0)};
}

// "Ferry 50%" -> "%ferry 50!%%": the words anywhere in a lower-cased title, LIKE's own
// characters taken literally ("" stays "": no filter). ASCII letters are lowered here and by
// both engines' lower(); others match as typed.
std::string like_pattern(std::string_view words) {
    if (words.empty()) return {};
    std::string out = "%";
    for (char c : words) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    out += '%';
    return out;
}


Result<std::vector<domain::Article>> list(SqlSession& db, const ArticleQuery& q) {
    if (q.for_review) return review_steps::list_for_review(db, q);  // the review queue (its own query)
    const bool by_published = q.status == domain::ArticleStatus::kPublished;
    const std::string status(q.status ? domain::to_string(*q.status) : std::string_view{});
    const std::int64_t has_cursor = q.after ? 1 : 0;
    const std::int64_t cursor_time = q.after ? domain::to_micros(q.after->first) : 0;
    const std::int64_t cursor_id = q.after ? q.after->second : 0;
    const std::int64_t limit = std::clamp(q.limit, 1, kMaxList);
    const std::string title_pattern = like_pattern(q.title_contains);
    const ListStatements& lists = q.bodies ? kLists : kListHeads;
    auto run = [&](const PortableSql& sql) {
        return db.query(sql, {std::string_view(status), std::string_view(q.section), std::string_view(q.tag),
                              std::string_view(q.author), std::string_view(q.exclude), has_cursor, cursor_time,
                              cursor_id, limit, std::string_view(title_pattern)});
    };
    const int filters = !q.section.empty() + !q.tag.empty() + !q.author.empty();
    auto rows = [&]() -> Result<SqlRows> {
        if (!by_published || filters > 1 || !title_pattern.empty())
            return run(by_published ? lists.by_published : lists.by_updated);
        constexpr std::int64_t kTop = std::numeric_limits<std::int64_t>::max();
        const SqlValue time = q.after ? cursor_time : kTop;
        const SqlValue id = q.after ? cursor_id : kTop;
        if (filters == 0) return db.query(lists.front, {std::string_view(status), std::string_view(q.exclude), time, id, limit});
        const PortableSql& sql = !q.section.empty() ? lists.section : !q.tag.empty() ? lists.tag : lists.author;
        const std::string& slug = !q.section.empty() ? q.section : !q.tag.empty() ? q.tag : q.author;
        return db.query(sql, {std::string_view(status), std::string_view(slug), std::string_view(q.exclude), time, id, limit});
    }();
    if (!rows) return rows.error();
    std::vector<domain::Article> out;
    out.reserve(static_cast<std::size_t>(rows->rows()));
    for (int i = 0; i < rows->rows(); ++i) out.push_back(read_article(*rows, i));
    if (auto named = attach_all_names(db, out); !named) return named.error();
    if (!q.bodies) return out;
    if (auto corrected = coverage_steps::attach_corrections(db, out); !corrected) return corrected.error();
    return out;
}

Result<void> attach_all_names(SqlSession& db, std::vector<domain::Article>& articles) {
    if (articles.empty()) return {};
    auto names = query_for_articles(db, kNamesOfIds, articles);
    if (!names) return names.error();
    // Each article's authors, then its tags, in byline order (the rows come unordered).
    struct Place {
        std::int64_t article, kind, position;
        int row;
        auto operator<=>(const Place&) const = default;
    };
    std::vector<Place> order;
    order.reserve(static_cast<std::size_t>(names->rows()));
    for (int i = 0; i < names->rows(); ++i) order.push_back({names->int64(i, 0), names->int64(i, 1), names->int64(i, 4), i});
    std::sort(order.begin(), order.end());
    auto a = articles.begin();
    for (const Place& p : order) {
        if (a == articles.end() || a->id != p.article)
            a = std::find_if(articles.begin(), articles.end(), [&](const domain::Article& x) { return x.id == p.article; });
        if (a == articles.end()) continue;
        (p.kind == 1 ? a->tags : a->authors).push_back({names->text(p.row, 2), names->text(p.row, 3)});
    }
    return {};
}

Result<std::vector<ArticleRevision>> revisions(SqlSession& db, std::int64_t article_id, int limit) {
    auto r = db.query(kRevisions, {article_id, static_cast<std::int64_t>(std::clamp(limit, 1, kMaxRevisions))});
    if (!r) return r.error();
    std::vector<ArticleRevision> out;
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_revision(*r, i));
    return out;
}

Result<ArticleRevision> revision(SqlSession& db, std::int64_t article_id, std::int32_t number) {
    auto r = db.query(kRevision, {article_id, std::int64_t{number}});
    if (!r) return r.error();
    if (r->rows() == 0) return domain::make_error(ErrorCode::kNotFound, "Not found", "no such revision");
    return read_revision(*r, 0);
}

Result<AuthorProfile> author(SqlSession& db, std::string_view slug) {
    auto r = db.query(kAuthor, {slug});
    if (!r) return r.error();
    if (r->rows() == 0) return domain::make_error(ErrorCode::kNotFound, "Not found", "no such author");
    return author_steps::read_profile(*r, 0);
}

Result<domain::NamedRef> section_or_tag(SqlSession& db, NameKind kind, std::string_view slug) {
    auto r = db.query(kind == NameKind::kTags ? kTag : kSection, {slug});
    if (!r) return r.error();
    if (r->rows() == 0)
        return domain::make_error(ErrorCode::kNotFound, "Not found", kind == NameKind::kTags ? "no such tag" : "no such section");
    return domain::NamedRef{r->text(0, 0), r->text(0, 1)};
}

}  // namespace tribune::store::article_steps
