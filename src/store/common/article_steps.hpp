#pragma once
// The article role's steps, written once over SqlSession in the SQL both engines run. Each
// engine's ArticleStore method opens its transaction (or read), adapts its connection and calls
// one of these.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "store/article_types.hpp"
#include "store/common/sql_session.hpp"

namespace tribune::store::article_steps {

using domain::Result;

/// ArticleStore::save_article, inside a write transaction.
Result<domain::Article> save(SqlSession& db, const ArticleSave& save);

/// ArticleStore::get_article / article_for_page.
Result<domain::Article> by_slug(SqlSession& db, std::string_view slug);
Result<domain::Article> by_page(SqlSession& db, std::string_view page);

/// ArticleStore::article_redirect.
Result<std::optional<std::string>> redirect(SqlSession& db, std::string_view old_slug);

/// ArticleStore::list_articles.
Result<std::vector<domain::Article>> list(SqlSession& db, const ArticleQuery& query);

/// ArticleStore::article_revisions / article_revision.
Result<std::vector<ArticleRevision>> revisions(SqlSession& db, std::int64_t article_id, int limit);
Result<ArticleRevision> revision(SqlSession& db, std::int64_t article_id, std::int32_t number);

/// ArticleStore::get_author.
Result<AuthorProfile> author(SqlSession& db, std::string_view slug);

enum class NameKind { kAuthors, kTags, kSections };
/// ArticleStore::get_section (kSections) / get_tag (kTags).
Result<domain::NamedRef> section_or_tag(SqlSession& db, NameKind kind, std::string_view slug);

// Shared with the transfer steps (common/article_transfer.hpp).

/// The columns read_article() reads, for "FROM articles a LEFT JOIN sections s ON s.id = a.section_id".
extern const std::string_view kArticleSelectColumns;
/// How many columns kArticleSelectColumns names (a query's own columns follow them).
inline constexpr int kArticleColumnCount = 23;
/// SELECT of those columns from articles (a) and their section (s) WHERE `where`.
std::string select_articles_where(std::string_view where);
/// The WHERE clause and order of a filtered list (ArticleQuery) ordered by `time` (a column of
/// `a`, the articles; `s`, the section, joined): parameters 1 status ("" any), 2 section slug,
/// 3 tag slug, 4 author slug, 5 excluded slug, 6 1 when a cursor follows, 7 cursor time,
/// 8 cursor id, 9 limit, 10 like_pattern of the title words ("" none).
std::string list_filter(std::string_view time);
/// ArticleQuery::title_contains as a LIKE pattern with '!' as its escape ("" stays "").
std::string like_pattern(std::string_view words);
/// SELECT article_id, name, slug of the authors or tags (l: the link, n: the name) WHERE `where`,
/// in article and byline order: what attach_names() takes.
std::string select_names_where(NameKind kind, std::string_view where);
domain::Article read_article(const SqlRows& rows, int row);
/// Puts each (article_id, name, slug) row on its article in `articles`: tags or authors.
void attach_names(std::vector<domain::Article>& articles, const SqlRows& names, bool tags);
/// Runs `sql` with ?1 = the ids of `articles` as a JSON array ("[3,1,2]"): how the rows that
/// belong to a list of articles (names, corrections) are read, one query for all of them.
Result<SqlRows> query_for_articles(SqlSession& db, const PortableSql& sql, const std::vector<domain::Article>& articles);
/// Hands each row of `rows` to `take` with the article its first column (article_id) names;
/// rows of an article not in `articles` are passed over.
void for_each_article_row(std::vector<domain::Article>& articles, const SqlRows& rows,
                          const std::function<void(domain::Article&, int)>& take);
/// A media field as a parameter: NULL when the article has no media.
SqlValue media_text(const std::optional<domain::Media>& m, const std::string domain::Media::*field);
SqlValue media_number(const std::optional<domain::Media>& m, std::int32_t domain::Media::*field);
/// Reads the authors and tags of `articles` (one query for all of them) and puts them on each.
Result<void> attach_all_names(SqlSession& db, std::vector<domain::Article>& articles);
/// Replaces the article's author and tag links with the ones `a` names (creating the missing).
Result<void> link_names(SqlSession& db, std::int64_t id, const domain::Article& a);

}  // namespace tribune::store::article_steps
