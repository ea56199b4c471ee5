#pragma once
// The site's own URLs, built in one place so pages and the HTTP router agree. Results are URLs, not
// yet HTML: escape them (html_escape) before putting them in an attribute.

#include <string>
#include <string_view>

#include "domain/comment.hpp"

namespace tribune::render {

/// "/articles/{slug}" with the slug percent-encoded (a plain slug comes out unchanged).
std::string article_path(std::string_view slug);

/// "/articles/{slug}/comments": where the comment forms post.
std::string comments_path(std::string_view slug);

/// "/articles/{slug}/comments/{id}": the replies page of one comment.
std::string replies_path(std::string_view slug, domain::CommentId id);

/// `base_url` + `path`, without a doubled '/' ("http://h:8080" + "/articles/x"). An empty
/// base_url leaves the path alone.
std::string absolute_url(std::string_view base_url, std::string_view path);

/// "?cursor={percent-encoded cursor}".
std::string cursor_query(std::string_view cursor);

}  // namespace tribune::render
