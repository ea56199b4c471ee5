// SqliteStore's ArticleStore methods (store/article_store.hpp).
#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <string>

#include <sqlite3.h>

#include "store/common/columns.hpp"
#include "store/common/store_errors.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/rows.hpp"
#include "store/sqlite/shared_steps.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {
namespace {

using domain::ErrorCode;
using domain::Result;

constexpr int kMaxArticles = 1000;

const std::string kBySlug = "SELECT " + std::string(kArticleColumns) + " FROM articles WHERE slug = ?1";
const std::string kNewest =
    "SELECT " + std::string(kArticleColumns) + " FROM articles ORDER BY published_at DESC, id DESC LIMIT ?1";
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

Result<domain::Article> SqliteStore::insert_article(const domain::Article& a) {
    return write<domain::Article>(*writer_, *health_, [&](Connection& db) -> Result<domain::Article> {
        if (auto existing = article_by_slug(db, a.slug); existing) return slug_taken();
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
    });
}

Result<domain::Article> article_by_slug(Connection& db, std::string_view slug) {
    auto st = db.prepare(kBySlug);
    if (!st) return st.error();
    st->bind(1, slug);
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return article_not_found();
    return read_article(*st);
}

Result<domain::Article> SqliteStore::get_article(std::string_view slug) {
    return read(*readers_, *health_, [&](Connection& db) { return article_by_slug(db, slug); });
}

Result<std::vector<domain::Article>> SqliteStore::list_articles(int limit) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<domain::Article>> {
        auto st = db.prepare(kNewest);
        if (!st) return st.error();
        st->bind(1, std::int64_t{std::clamp(limit, 0, kMaxArticles)});
        return collect(*st);
    });
}

Result<std::vector<domain::Article>> SqliteStore::articles_by_author(std::string_view author,
                                                                     std::string_view exclude_slug, int limit) {
    return read(*readers_, *health_, [&](Connection& db) -> Result<std::vector<domain::Article>> {
        auto st = db.prepare(kByAuthor);
        if (!st) return st.error();
        st->bind(1, author).bind(2, exclude_slug).bind(3, std::int64_t{std::clamp(limit, 0, kMaxArticles)});
        return collect(*st);
    });
}

}  // namespace tribune::store::sqlite
