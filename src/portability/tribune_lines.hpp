#pragma once
// The lines of Tribune's own export (docs/export-format.md): one JSON object a line, each with a
// "type". Writing a row gives its line; reading a line gives back the row exactly (times to the
// microsecond, every stored field), ignoring fields it does not know.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "domain/error.hpp"
#include "store/media_types.hpp"
#include "store/common/summary.hpp"
#include "store/transfer_types.hpp"

namespace tribune::portability {

using store::checksum_hex;
using store::parse_checksum_hex;

inline constexpr std::string_view kExportFormatName = "tribune-export";
inline constexpr std::int64_t kExportFormatVersion = 1;

/// The first line: what wrote the file, when, and the source store's summary at the start.
struct ExportHeader {
    std::int64_t version = kExportFormatVersion;
    std::string tribune_version;
    domain::Time exported_at{};
    bool with_secrets = false;
    store::StoreSummary source;
};

/// The last line: what the file holds (rows per table and the summary checksum of exactly that
/// content, password hashes included only when the file has them) and its media references.
struct ExportEnd {
    store::StoreSummary content;
    std::int64_t media = 0;
};

/// A row of the file: a store row (the ExportBatch row types), a media reference or a thread count.
using FileRow = std::variant<domain::User, store::AuthorProfile, domain::Article, store::ArticleRevision,
                             store::ArticleRedirect, domain::LiveUpdate, store::PathRedirect, store::CommentRecord,
                             store::ImportSourceRow, domain::Report, domain::Ban, domain::AuditEntry,
                             domain::ThreadPolicy, store::Setting, store::MediaItem, store::ThreadCount>;

/// Where a row's type comes in the file: kExportTables' index for store rows, then media, then
/// thread counts. A file's rows never go back to an earlier rank.
std::size_t rank_of(const FileRow& row);
/// The "type" of a row's line ("user", "comment", "thread"...).
std::string_view type_of(const FileRow& row);

/// One line (without its newline).
std::string header_line(const ExportHeader& h);
std::string end_line(const ExportEnd& e);
std::string row_line(const FileRow& row);

/// A line read back. Exactly one of header, end, row is set, or none for a type this version does
/// not know (skipped by readers).
struct ParsedLine {
    std::string type;
    std::optional<ExportHeader> header;
    std::optional<ExportEnd> end;
    std::optional<FileRow> row;
};

/// Parses one line. Errors: kMalformed naming what is wrong (not JSON, no "type", a field missing
/// or of the wrong kind, a time not RFC 3339 UTC, an unknown status or role).
domain::Result<ParsedLine> parse_line(std::string_view line);

/// RFC 3339 UTC with six fraction digits ("2026-03-15T04:53:00.000000Z"): exact to the stored
/// microsecond.
std::string format_exact_time(domain::Time t);


}  // namespace tribune::portability
