// SqliteStore's ArticleStore methods (store/article_store.hpp): the shared steps
// (common/article_steps.hpp) on the writer's or a reader's connection.
#include "store/sqlite/sqlite_store.hpp"

#include "store/common/article_steps.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {

Result<domain::Article> SqliteStore::save_article(const ArticleSave& save) {
    return write<domain::Article>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::save(session, save);
    });
}

Result<domain::Article> SqliteStore::get_article(std::string_view slug) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::by_slug(session, slug);
    });
}

Result<domain::Article> SqliteStore::article_for_page(std::string_view page) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::by_page(session, page);
    });
}

Result<std::optional<std::string>> SqliteStore::article_redirect(std::string_view old_slug) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::redirect(session, old_slug);
    });
}

Result<std::vector<domain::Article>> SqliteStore::list_articles(const ArticleQuery& query) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::list(session, query);
    });
}

Result<std::vector<ArticleRevision>> SqliteStore::article_revisions(std::int64_t article_id, int limit) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::revisions(session, article_id, limit);
    });
}

Result<ArticleRevision> SqliteStore::article_revision(std::int64_t article_id, std::int32_t number) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::revision(session, article_id, number);
    });
}

Result<AuthorProfile> SqliteStore::get_author(std::string_view slug) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::author(session, slug);
    });
}

}  // namespace tribune::store::sqlite
