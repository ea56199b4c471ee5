// PgStore's ArticleStore methods (store/article_store.hpp).
#include "store/postgres/pg_store.hpp"

#include <algorithm>
#include <string>

#include "store/common/store_errors.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/queries.hpp"
#include "store/postgres/rows.hpp"
#include "store/postgres/shared_steps.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {
namespace {

using domain::ErrorCode;
using domain::Result;

constexpr int kMaxArticles = 1000;

std::string select_articles(std::string_view rest) {
    std::string s("SELECT ");
    s += sql::kArticleColumns;
    s += " FROM articles ";
    s += rest;
    return s;
}

const Statement kBySlug(select_articles("WHERE slug = $1::text"));
const Statement kNewest(select_articles("ORDER BY published_at DESC, id DESC LIMIT $1::bigint"));
const Statement kByAuthor(select_articles(
    "WHERE author = $1::text AND slug <> $2::text ORDER BY published_at DESC, id DESC LIMIT $3::bigint"));
// A taken slug inserts nothing and returns no row; concurrent inserts of one slug wait for each
// other instead of failing on the unique index.
const Statement kInsertArticle(
    "INSERT INTO articles (slug, title, summary, author, body_markdown, published_at,"
    " media_kind, media_url, media_mime, media_duration_seconds, media_caption)"
    " VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::bigint,"
    " $7::text, $8::text, $9::text, $10::integer, $11::text)"
    " ON CONFLICT (slug) DO NOTHING RETURNING id");

Result<std::vector<domain::Article>> collect(Result<PgResult> r) {
    if (!r) return r.error();
    std::vector<domain::Article> out;
    out.reserve(static_cast<std::size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(read_article(*r, i));
    return out;
}

}  // namespace

void add_article_fields(Params& params, const domain::Article& a) {
    params.add(a.slug).add(a.title).add(a.summary).add(a.author).add(a.body_markdown);
    params.add(domain::to_micros(a.published_at));
    if (a.media) {
        params.add(a.media->kind).add(a.media->url).add(a.media->mime_type);
        params.add(std::int64_t{a.media->duration_seconds}).add(a.media->caption);
        return;
    }
    for (int i = 0; i < 5; ++i) params.add(std::optional<std::int64_t>{});
}

Result<domain::Article> PgStore::insert_article(const domain::Article& a) {
    return run_write<domain::Article>(*pool_, retry_, [&](Connection& db) -> Result<domain::Article> {
        Params params;
        add_article_fields(params, a);
        auto r = db.run(kInsertArticle, params);
        if (!r && r.error().code == ErrorCode::kConflict) return slug_taken();
        if (!r) return r.error();
        if (r->rows() == 0) return slug_taken();
        domain::Article stored = a;
        stored.id = r->int64(0, 0);
        return stored;
    });
}

Result<domain::Article> PgStore::get_article(std::string_view slug) {
    return run_read<domain::Article>(*pool_, retry_, [&](Connection& db) -> Result<domain::Article> {
        auto r = db.run(kBySlug, Params().add(slug));
        if (!r) return r.error();
        if (r->rows() == 0) return article_not_found();
        return read_article(*r, 0);
    });
}

Result<std::vector<domain::Article>> PgStore::list_articles(int limit) {
    return run_read<std::vector<domain::Article>>(
        *pool_, retry_, [&](Connection& db) -> Result<std::vector<domain::Article>> {
            return collect(db.run(kNewest, Params().add(std::int64_t{std::clamp(limit, 0, kMaxArticles)})));
        });
}

Result<std::vector<domain::Article>> PgStore::articles_by_author(std::string_view author, std::string_view exclude_slug,
                                                                 int limit) {
    return run_read<std::vector<domain::Article>>(
        *pool_, retry_, [&](Connection& db) -> Result<std::vector<domain::Article>> {
            Params params;
            params.add(author).add(exclude_slug).add(std::int64_t{std::clamp(limit, 0, kMaxArticles)});
            return collect(db.run(kByAuthor, params));
        });
}

}  // namespace tribune::store::postgres
