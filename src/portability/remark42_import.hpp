#pragma once
// `tribune import remark42 FILE`: a Remark42 backup (what `remark42 backup` and its daily
// backups write, gzip-compressed or not) read line by line into the comment import.

#include <cstddef>
#include <istream>
#include <string>

#include "domain/error.hpp"
#include "portability/comment_import.hpp"

namespace tribune::portability {

/// The longest line read: a meta line lists every user and post of the site.
inline constexpr std::size_t kMaxRemark42Line = 64u << 20;

/// The backup is JSON lines: meta lines ({"version", "users", "posts"}: each user's email in
/// its details, each post's read_only flag) and one comment per line (id, pid, text as HTML,
/// user, locator {site, url}, time, delete). A thread is the comment's locator URL (page keys by
/// page_keys.hpp); a read-only post is a closed thread. Texts become plain text (html_to_text),
/// user names are HTML-escaped in Remark42 and decoded here; deleted comments are deleted (a
/// tombstone when they have replies); addresses are HMAC hashes in Remark42 and never usable
/// here. Errors: kMalformed for a file whose first record is neither a meta line nor a comment,
/// or a line that is not JSON (with its number), or a line over kMaxRemark42Line; the store's.
domain::Result<void> import_remark42(std::istream& in, CommentImport& import);

}  // namespace tribune::portability
