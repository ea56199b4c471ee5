#pragma once
// Articles for the store tests: made here and saved the way the service saves them.

#include <string>

#include "domain/article.hpp"
#include "domain/slug.hpp"
#include "store/store.hpp"

namespace tribune::store {

/// A published article by `author`, published at `published` (updated then too).
inline domain::Article make_article(std::string slug, std::string author, domain::Time published) {
    domain::Article a;
    a.slug = std::move(slug);
    a.title = "Title of " + a.slug;
    a.summary = "Summary";
    a.authors = {{author, domain::slugify(author)}};
    a.body_markdown = "# Heading\n\nBody *text*.";
    a.published_at = a.updated_at = a.created_at = published;
    return a;
}

/// Saves `a` as a new article (a.id 0) or over the latest version of its own.
inline domain::Result<domain::Article> insert_article(Store& store, const domain::Article& a) {
    ArticleSave save;
    save.article = a;
    save.saved_by = "test";
    save.snapshot = "{\"title\":\"" + a.title + "\"}";
    return store.save_article(save);
}

}  // namespace tribune::store
