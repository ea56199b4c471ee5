#pragma once
// `tribune import isso FILE`: an Isso database (its SQLite file, opened read-only) into the
// comment import.

#include <string>

#include "domain/error.hpp"
#include "portability/comment_import.hpp"

namespace tribune::portability {

/// Threads become pages (their uri, a path already, through the page-key rules and --map);
/// comments: mode 1 -> approved, 2 -> pending, 4 -> deleted (Isso keeps a deleted comment only
/// when it has replies: a tombstone here), any other -> pending. The text is the Markdown the
/// commenter typed (Isso renders it on output), kept as written (typed_text); creation times
/// (Unix seconds) kept to the microsecond; Isso's anonymized addresses kept only as Tribune's
/// keyed hashes. Isso has no closed threads. Errors: read_isso's (a file that is not an Isso
/// database: kMalformed) and the store's.
domain::Result<void> import_isso_file(const std::string& path, CommentImport& import);

}  // namespace tribune::portability
