// PgStore's ArticleStore methods (store/article_store.hpp): the shared steps
// (common/article_steps.hpp) in a write transaction or on a pooled connection.
#include "store/postgres/pg_store.hpp"

#include "store/common/article_search.hpp"
#include "store/common/article_steps.hpp"
#include "store/common/author_steps.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

Result<domain::Article> PgStore::save_article(const ArticleSave& save) {
    return run_write<domain::Article>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::save(session, save);
    });
}

Result<domain::Article> PgStore::get_article(std::string_view slug) {
    return run_read<domain::Article>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::by_slug(session, slug);
    });
}

Result<domain::Article> PgStore::article_for_page(std::string_view page) {
    return run_read<domain::Article>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::by_page(session, page);
    });
}

Result<std::optional<std::string>> PgStore::article_redirect(std::string_view old_slug) {
    return run_read<std::optional<std::string>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::redirect(session, old_slug);
    });
}

Result<std::vector<domain::Article>> PgStore::list_articles(const ArticleQuery& query) {
    return run_read<std::vector<domain::Article>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::list(session, query);
    });
}

Result<std::vector<SearchHit>> PgStore::search_articles(const SearchQuery& query) {
    return run_read<std::vector<SearchHit>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_search::search(session, query);
    });
}

Result<std::vector<ArticleRevision>> PgStore::article_revisions(std::int64_t article_id, int limit) {
    return run_read<std::vector<ArticleRevision>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::revisions(session, article_id, limit);
    });
}

Result<ArticleRevision> PgStore::article_revision(std::int64_t article_id, std::int32_t number) {
    return run_read<ArticleRevision>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::revision(session, article_id, number);
    });
}

Result<AuthorProfile> PgStore::get_author(std::string_view slug) {
    return run_read<AuthorProfile>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::author(session, slug);
    });
}

Result<domain::NamedRef> PgStore::get_section(std::string_view slug) {
    return run_read<domain::NamedRef>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::section_or_tag(session, article_steps::NameKind::kSections, slug);
    });
}

Result<domain::NamedRef> PgStore::get_tag(std::string_view slug) {
    return run_read<domain::NamedRef>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return article_steps::section_or_tag(session, article_steps::NameKind::kTags, slug);
    });
}

Result<AuthorProfile> PgStore::author_for_user(std::int64_t user_id, std::string_view name, std::string_view slug) {
    return run_write<AuthorProfile>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return author_steps::for_user(session, user_id, name, slug);
    });
}

Result<AuthorProfile> PgStore::save_author(const AuthorProfile& profile) {
    return run_write<AuthorProfile>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return author_steps::save(session, profile);
    });
}

Result<std::vector<AuthorProfile>> PgStore::list_authors(std::string_view after_slug, int limit) {
    return run_read<std::vector<AuthorProfile>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return author_steps::list(session, after_slug, limit);
    });
}

}  // namespace tribune::store::postgres
