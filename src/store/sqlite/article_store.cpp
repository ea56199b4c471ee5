// SqliteStore's ArticleStore methods (store/article_store.hpp): the shared steps
// (common/article_steps.hpp) on the writer's or a reader's connection.
#include "store/sqlite/sqlite_store.hpp"

#include "store/common/article_search.hpp"
#include "store/common/article_steps.hpp"
#include "store/common/author_steps.hpp"
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

Result<std::vector<SearchHit>> SqliteStore::search_articles(const SearchQuery& query) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_search::search(session, query);
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

Result<domain::NamedRef> SqliteStore::get_section(std::string_view slug) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::section_or_tag(session, article_steps::NameKind::kSections, slug);
    });
}

Result<domain::NamedRef> SqliteStore::get_tag(std::string_view slug) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return article_steps::section_or_tag(session, article_steps::NameKind::kTags, slug);
    });
}

Result<AuthorProfile> SqliteStore::author_for_user(std::int64_t user_id, std::string_view name, std::string_view slug) {
    return write<AuthorProfile>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return author_steps::for_user(session, user_id, name, slug);
    });
}

Result<AuthorProfile> SqliteStore::save_author(const AuthorProfile& profile) {
    return write<AuthorProfile>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return author_steps::save(session, profile);
    });
}

Result<std::vector<AuthorProfile>> SqliteStore::list_authors(std::string_view after_slug, int limit) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return author_steps::list(session, after_slug, limit);
    });
}

}  // namespace tribune::store::sqlite
