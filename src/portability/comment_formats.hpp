#pragma once
// Which other systems' comment exports Tribune reads, and the one place a format's name picks
// its reader: the command line (`tribune import disqus FILE`) and the desk's import both come
// through here. Also the import report, written the same way by both.

#include <istream>
#include <map>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "portability/comment_import.hpp"
#include "portability/import_report.hpp"

namespace tribune::portability {

/// A comment format: its name (the command's word) and what people call it.
struct CommentFormat {
    std::string_view name;   // "disqus"
    std::string_view title;  // "Disqus XML export"
};

/// The formats read_comments knows, in the order the desk lists them.
std::span<const CommentFormat> comment_formats();

/// Whether `name` is one of comment_formats().
bool is_comment_format(std::string_view name);

/// Whether `format` is read as a stream of bytes (read_comments); the others (an Isso database)
/// only from a file (read_comments_file).
bool reads_streams(std::string_view format);

/// Reads the whole export in `format` from `in` into `import` (finish() is the caller's).
/// Errors: kInvalid for an unknown format or one that is not read as a stream, else the
/// reader's and the store's.
domain::Result<void> read_comments(std::string_view format, std::istream& in, CommentImport& import);

/// The same from the file at `path`: gunzipped on the way when it is gzip (gzip_input.hpp), or
/// opened as the database it is.
domain::Result<void> read_comments_file(std::string_view format, const std::string& path, CommentImport& import);

/// The report of a comment import as JSON: {"format","dry_run","total":{...},"threads":[...]},
/// written piece by piece (a report of many threads is never one string in memory).
void write_comment_report(std::ostream& out, std::string_view format, bool dry_run, const ImportCounts& total,
                          const std::map<std::string, ImportCounts>& threads);

/// `counts` as a JSON object: {"articles","threads","comments","skipped","notes":{key: n}}.
std::string counts_json(const ImportCounts& counts);

}  // namespace tribune::portability
