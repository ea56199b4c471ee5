#pragma once
// The JSON of articles (docs/openapi.yaml, components/schemas/Article and ArticleDraft).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "service/article_revisions.hpp"
#include "service/articles.hpp"
#include "service/author_profiles.hpp"

namespace tribune::http {

/// The discussion under an article, as an ARTICLE shows it.
struct ArticleComments {
    std::int64_t total = 0;
    bool closed = false;
};

/// One ARTICLE: the stored fields, `body_html` and the discussion.
std::string encode_article(const domain::Article& a, std::string_view body_html, const ArticleComments& comments);

/// A page of a list: each ARTICLE without body_markdown and body_html, and the cursor of the
/// next page (absent on the last).
std::string encode_article_list(const std::vector<domain::Article>& articles,
                                const std::vector<ArticleComments>& comments,
                                const std::optional<std::string>& next_cursor);

/// A page of search results: encode_article_list's items, best first, each with
/// `snippet_html` (the matched words in <mark>, everything else escaped; same order as articles).
std::string encode_search_results(const std::vector<domain::Article>& articles,
                                  const std::vector<ArticleComments>& comments,
                                  const std::vector<std::string>& snippets_html,
                                  const std::optional<std::string>& next_cursor);

/// A create or update body. Unknown fields are refused, so a misspelt one is never silently
/// dropped. Errors: kMalformed (not a JSON object), kInvalid (a field of the wrong type).
domain::Result<service::ArticleDraft> decode_article_draft(std::string_view body);

/// An AUTHOR: the public profile, and `user_id` (the linked account) when `with_account` (editors).
std::string encode_author(const store::AuthorProfile& p, bool with_account);
std::string encode_author_list(const std::vector<store::AuthorProfile>& authors, bool with_account,
                               const std::optional<std::string>& next_cursor);

/// A preview-link request: {"days"?: 1..30} (an empty body: the default). Errors: kMalformed,
/// kInvalid.
domain::Result<int> decode_preview_days(std::string_view body, int default_days);
/// {"url", "path", "expires_at"}.
std::string encode_preview_link(const std::string& url, const std::string& path, domain::Time expires_at);

/// An article's history: {"revisions":[{"number","saved_at","saved_by","title","status"}]}.
std::string encode_article_versions(const std::vector<service::ArticleVersion>& versions);
/// One version: {"number","saved_at","saved_by","article": the ARTICLE fields as saved then}.
std::string encode_article_version(const service::ArticleVersion& v);
/// A restore request: {"base_revision"?: n} (an empty body: none). Errors: kMalformed, kInvalid.
domain::Result<std::optional<std::int32_t>> decode_restore(std::string_view body);

/// A PATCH of a profile; unknown fields are refused. Errors: kMalformed, kInvalid.
domain::Result<service::AuthorProfileDraft> decode_author_draft(std::string_view body);

}  // namespace tribune::http
