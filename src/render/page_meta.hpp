#pragma once
// What an article page tells machines in its <head>: OpenGraph and Twitter card tags for link
// previews, and a schema.org NewsArticle as JSON-LD for search engines. Every value comes from
// the article and the site settings, escaped for where it goes (attribute or script JSON).

#include <string>

#include "domain/article.hpp"
#include "render/views.hpp"

namespace tribune::render {

/// The <meta property="og:*">, <meta name="twitter:*"> and article:* tags, then the
/// <script type="application/ld+json"> NewsArticle. Absolute URLs from site.base_url.
std::string article_meta_html(const SiteInfo& site, const domain::Article& article);

/// The NewsArticle JSON alone (safe to put inside a <script> element as it is).
std::string news_article_json_ld(const SiteInfo& site, const domain::Article& article);

}  // namespace tribune::render
