#pragma once
// The article role of the Store: the publication's articles. Every call blocks.

#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"

namespace tribune::store {

using domain::Result;

class ArticleStore {
public:
    virtual ~ArticleStore() = default;

    /// Stores an article (slug unique). Errors: kConflict for a taken slug.
    virtual Result<domain::Article> insert_article(const domain::Article& a) = 0;

    /// The article with `slug`. Errors: kNotFound.
    virtual Result<domain::Article> get_article(std::string_view slug) = 0;

    /// Newest first.
    virtual Result<std::vector<domain::Article>> list_articles(int limit) = 0;

    /// Other articles by `author`, newest first, without `exclude_slug`.
    virtual Result<std::vector<domain::Article>> articles_by_author(std::string_view author,
                                                                    std::string_view exclude_slug,
                                                                    int limit) = 0;
};

}  // namespace tribune::store
