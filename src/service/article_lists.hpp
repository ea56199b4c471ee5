#pragma once
// What readers browse besides one article: the articles related to one (same author, then same
// tags). The lists by section, tag and author are store queries (store::ArticleQuery).

#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "service/context.hpp"

namespace tribune::service {

struct RelatedArticles {
    std::vector<domain::Article> by_author;  // more by the lead author, newest first
    std::vector<domain::Article> on_topic;   // others sharing one of its first tags, by other authors
};

/// Published articles related to `article`, at most `limit` (1..20) in each list, never
/// `article` itself. Errors: the store's.
domain::Result<RelatedArticles> related_articles(Context& ctx, const domain::Article& article, int limit);

}  // namespace tribune::service
