#pragma once
// `tribune article publish|list|unpublish`: a newsroom keeps its articles as Markdown files (in
// git, say) and publishes them from the command line or CI, through the same use cases as the
// API and the desk; the running nodes show each change at once.

#include <ostream>
#include <string>

#include "app/article_file.hpp"
#include "app/config.hpp"
#include "domain/error.hpp"
#include "service/articles.hpp"

namespace tribune::app {

/// What an article file asks of the articles use case. Errors (kInvalid): `updated` (Tribune
/// records changes itself), a `media` that names a file on this machine rather than a URL or a
/// path on the site (uploading one is the media library's job).
domain::Result<service::ArticleDraft> draft_of(const ArticleFile& file);

/// `tribune article publish FILE.md`: creates the article, or updates the one with its slug.
/// Prints the article's path. Returns the exit code.
int publish_article_file(const Config& config, const std::string& file);

/// `tribune article list [--status S]`: one line per article, newest first ("all" or a status;
/// default published). Returns the exit code.
int list_articles(const Config& config, const std::string& status, std::ostream& out);

/// `tribune article unpublish SLUG`: readers get 410 from now on. Returns the exit code.
int unpublish_article(const Config& config, const std::string& slug);

}  // namespace tribune::app
