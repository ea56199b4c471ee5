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
/// title, slug (post_name, or made from the title; with "-" and the post id, shortened to fit,
/// when an article of this site holds it), authors (the display names of the <wp:author> blocks
/// its dc:creator names), the first category as section, the post tags (a category or tag
/// without a letter or digit is left out and told), post_date_gmt, the excerpt as summary, the
/// body as Markdown (html_markdown.hpp); publish -> published, future -> scheduled (published
/// when its time has passed), draft, pending and private -> draft. The post's page is
/// remembered before its article is made, and what follows (author, redirect) is idempotent, so
/// an import stopped anywhere is finished by the next one without a second article; an article
/// an earlier version made but did not remember is recognised by its slug, title and body.
/// Pages, attachments, other items and posts that cannot become articles are reported, not
/// imported, and each of their comments under the same reason. Comments: 1 -> approved, 0 ->
/// pending, spam -> spam, trash -> deleted, pingbacks and trackbacks skipped; comment_status
/// closed closes the article's thread. `import` must have been made with source "wordpress". A
/// dry run stores nothing and counts as the import would. Errors: the reader's (a file that is
/// not a WordPress export) and the store's.
domain::Result<WordPressImportNotes> import_wordpress(std::istream& in, service::Context& ctx, CommentImport& import,
                                                      bool dry_run);

}  // namespace tribune::portability
