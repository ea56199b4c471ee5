#include "store/sqlite/article_queries.hpp"

#include <algorithm>
#include <string>

#include <sqlite3.h>

#include "store/common/columns.hpp"
#include "store/common/store_errors.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::ErrorCode;
using domain::Result;

constexpr int kMaxArticles = 1000;

const std::string kBySlug = "SELECT " + std::string(kArticleColumns) + " FROM articles WHERE slug = ?1";
const std::string kNewest = "SELECT " + std::string(kArticleColumns) +
                            " FROM articles ORDER BY published_at DESC, id DESC LIMIT ?1";
const std::string kByAuthor = "SELECT " + std::string(kArticleColumns) +
                              " FROM articles WHERE author = ?1 AND slug <> ?2"
                              " ORDER BY published_at DESC, id DESC LIMIT ?3";

Result<std::vector<domain::Article>> collect(Statement& st) {
    std::vector<domain::Article> out;
    for (;;) {
        auto row = st.step();
        if (!row) return row.error();
        if (!*row) return out;
        out.push_back(read_article(st));
    }
}

}  // namespace

void bind_article_fields(Statement& st, const domain::Article& a, int first) {
    st.bind(first, a.slug).bind(first + 1, a.title).bind(first + 2, a.summary).bind(first + 3, a.author);
    st.bind(first + 4, a.body_markdown).bind(first + 5, domain::to_micros(a.published_at));
    if (a.media) {
        st.bind(first + 6, a.media->kind).bind(first + 7, a.media->url).bind(first + 8, a.media->mime_type);
        st.bind(first + 9, std::int64_t{a.media->duration_seconds}).bind(first + 10, a.media->caption);
        return;
    }
    for (int i = first + 6; i <= first + 10; ++i) st.bind_null(i);
}

Result<domain::Article> insert_article(Connection& db, const domain::Article& a) {
    if (auto existing = get_article(db, a.slug); existing) return slug_taken();
    auto st = db.prepare(
        "INSERT INTO articles (slug, title, summary, author, body_markdown, published_at,"
        " media_kind, media_url, media_mime, media_duration_seconds, media_caption)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    if (!st) return st.error();
    bind_article_fields(*st, a, 1);
    auto ok = st->run();
    if (!ok && ok.error().code == ErrorCode::kConflict) return slug_taken();
    if (!ok) return ok.error();
    domain::Article stored = a;
    stored.id = sqlite3_last_insert_rowid(db.handle());
    return stored;
}

Result<domain::Article> get_article(Connection& db, std::string_view slug) {
    auto st = db.prepare(kBySlug);
    if (!st) return st.error();
    st->bind(1, slug);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return article_not_found();
    return read_article(*st);
}

Result<std::vector<domain::Article>> list_articles(Connection& db, int limit) {
    auto st = db.prepare(kNewest);
    if (!st) return st.error();
    st->bind(1, std::int64_t{std::clamp(limit, 0, kMaxArticles)});
    return collect(*st);
}

Result<std::vector<domain::Article>> articles_by_author(Connection& db, std::string_view author,
                                                        std::string_view exclude_slug, int limit) {
    auto st = db.prepare(kByAuthor);
    if (!st) return st.error();
    st->bind(1, author).bind(2, exclude_slug).bind(3, std::int64_t{std::clamp(limit, 0, kMaxArticles)});
    return collect(*st);
}

Result<bool> is_empty(Connection& db) {
    auto st = db.prepare(
        "SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM comments)");
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    return st->int64(0) != 0;
}

}  // namespace tribune::store::sqlite
