#pragma once
// `tribune import commento FILE`: a Commento export (the JSON document, gzip-compressed as
// Commento mails it or not) into the comment import.

#include <cstdint>
#include <istream>

#include "domain/error.hpp"
#include "portability/comment_import.hpp"

namespace tribune::portability {

/// The largest export read (uncompressed bytes). The export is one JSON document, parsed whole
/// (Boost.JSON), so memory grows with the file: a few times its size.
inline constexpr std::int64_t kMaxCommentoBytes = std::int64_t{2} << 30;

/// {"version":1,"comments":[...],"commenters":[...]}: each comment's page is its path ("url"
/// in the export, "path" accepted too; "/" when empty) on its domain, its parent "root" for a top
/// level one; "approved" -> approved, "unapproved" -> pending, "flagged" (Commento's spam check
/// held it) -> spam, deleted -> deleted (a tombstone when it has replies). The text is the
/// commenter's Markdown source, kept as written: plain text a reader reads as it was typed (the
/// rendered "html", when it is the only text, becomes text by html_to_text). Names and emails
/// come from the commenters; "anonymous" is "Anonymous". Commento exports carry no addresses and
/// no locked pages. Errors: kTooLarge for a document over `max_bytes` (at most kMaxCommentoBytes;
/// the desk takes less); kMalformed for one that is not JSON or not a Commento export (version
/// 1); import_stopped() when the import is stopped; the store's.
domain::Result<void> import_commento(std::istream& in, CommentImport& import,
                                     std::int64_t max_bytes = kMaxCommentoBytes);

}  // namespace tribune::portability
