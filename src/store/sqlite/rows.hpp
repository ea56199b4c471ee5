#pragma once
// Table rows as domain values.

#include <string_view>

#include "domain/article.hpp"
#include "domain/comment.hpp"

namespace tribune::store::sqlite {

class Statement;

/// The comment in the current row, whose columns are sql::kCommentColumns from column 0.
domain::Comment read_comment(const Statement& row);

/// The article in the current row, whose columns are kArticleColumns from column 0.
domain::Article read_article(const Statement& row);

inline constexpr std::string_view kArticleColumns =
    "id, slug, title, summary, author, body_markdown, published_at, media_kind, media_url, media_mime, "
    "media_duration_seconds, media_caption";

}  // namespace tribune::store::sqlite
