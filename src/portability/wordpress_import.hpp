#pragma once
// `tribune import wordpress FILE`: a WordPress export (WXR 1.1/1.2) read as a stream. Posts
// become ordinary articles (through the article use cases), their comments go through the
// comment import onto the article's page, and each post's old URL path redirects to it.

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "portability/comment_import.hpp"
#include "service/context.hpp"

namespace tribune::portability {

/// What the command tells beyond the counts.
struct WordPressImportNotes {
    std::int64_t private_posts = 0;  // imported as drafts
    std::int64_t redirects = 0;      // old paths that now answer 301
    std::vector<std::string> messages;  // the first few things worth a look (bounded)
};

/// Reads `in`: each post (post_type post) becomes an article once (remembered by its post id):
/// title, slug (post_name, or made from the title), authors (the display names of the
/// <wp:author> blocks its dc:creator names), the first category as section, the post tags,
/// post_date_gmt, the excerpt as summary, the body as Markdown (html_markdown.hpp); publish ->
/// published, future -> scheduled (published when its time has passed), draft, pending and
/// private -> draft. Pages and attachments (and their comments) are reported, not imported.
/// Comments: 1 -> approved, 0 -> pending, spam -> spam, trash -> deleted, pingbacks and
/// trackbacks skipped; comment_status closed closes the article's thread. `import` must have
/// been made with source "wordpress". A dry run stores nothing. Errors: the reader's (a file
/// that is not a WordPress export) and the store's.
domain::Result<WordPressImportNotes> import_wordpress(std::istream& in, service::Context& ctx, CommentImport& import,
                                                      bool dry_run);

}  // namespace tribune::portability
