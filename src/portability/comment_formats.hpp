#pragma once
// Which other systems' comment exports (and WordPress's posts) Tribune reads, and the one place
// a format's name picks its reader: the command line (`tribune import disqus FILE`) and the
// desk's import both come through here. Also the import report, written the same way by both.

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "portability/comment_import.hpp"
#include "portability/commento_import.hpp"
#include "portability/gzip_input.hpp"
#include "portability/import_report.hpp"

namespace tribune::portability {

/// A comment format: its name (the command's word) and what people call it.
struct CommentFormat {
    std::string_view name;   // "disqus"
    std::string_view title;  // "Disqus XML export"
    /// Whether the page-key rules (--page-key, --map) apply: not to WordPress, whose comments go
    /// to the articles its posts become.
    bool page_keys = true;
};

/// The formats read_comments_file knows, in the order the desk lists them.
std::span<const CommentFormat> comment_formats();

/// Whether `name` is one of comment_formats().
bool is_comment_format(std::string_view name);

/// Whether the page-key rules apply to `format` (false for an unknown one).
bool uses_page_keys(std::string_view format);

/// How far a file is read.
struct ReadLimits {
    /// The most unpacked out of a gzip file (gzip_input.hpp); the desk takes less.
    std::uint64_t max_unpacked = kMaxUnpackedBytes;
    /// The largest document of a format parsed whole (Commento); the desk takes less.
    std::int64_t max_document = kMaxCommentoBytes;
    /// Hears how many bytes of the file were read so far (progress; not for a database).
    std::function<void(std::uint64_t)> file_read;
};

/// What a read tells beyond the counts, one line each (WordPress: old addresses redirected,
/// private posts made drafts, things worth a look).
using ReadNotes = std::vector<std::string>;

/// Reads the whole export in `format` from the file at `path` into `import` (finish() is the
/// caller's): gunzipped on the way when it is gzip, or opened as the database it is (Isso).
/// `import` must have been made with source `format`; it stops between items when asked
/// (CommentImportOptions::stop). Errors: kInvalid for an unknown format; gzip's (too large
/// unpacked, damaged); import_stopped(); else the reader's and the store's.
domain::Result<ReadNotes> read_comments_file(std::string_view format, const std::string& path, CommentImport& import,
                                             const ReadLimits& limits = {});

/// The report of a comment import as JSON: {"format","dry_run","total":{...},"threads":[...]},
/// written piece by piece (a report of many threads is never one string in memory).
void write_comment_report(std::ostream& out, std::string_view format, bool dry_run, const ImportCounts& total,
                          const std::map<std::string, ImportCounts>& threads);

/// `counts` as a JSON object: {"articles","threads","comments","skipped","notes":{key: n}}.
std::string counts_json(const ImportCounts& counts);

}  // namespace tribune::portability
