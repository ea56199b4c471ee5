#pragma once
// `tribune import disqus FILE`: a Disqus XML export read as a stream into the comment import.

#include <istream>

#include "domain/error.hpp"
#include "portability/comment_import.hpp"

namespace tribune::portability {

/// Threads become pages (their link, by the page-key rules), closed ones closed; posts become
/// comments: isSpam -> spam, isDeleted -> deleted (a tombstone when it has replies), otherwise
/// approved; messages become plain text (html_text.hpp); times kept exactly. Errors: the
/// reader's (a file that is not a Disqus export) and the store's.
domain::Result<void> import_disqus(std::istream& in, CommentImport& import);

}  // namespace tribune::portability
