#pragma once
// `tribune import tribune FILE`: Tribune's own export (docs/export-format.md) back into an empty
// store. The file is read as an ImportSource, a few hundred rows at a time, straight into the
// store's single import transaction (TransferStore::import_all): a bad line, a file cut short or
// one whose content does not hash to its end line's checksum stops the import, and the store is
// left as it was.

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "portability/line_reader.hpp"
#include "portability/tribune_lines.hpp"
#include "store/common/summary.hpp"
#include "store/store.hpp"

namespace tribune::portability {

/// The rows of an export file, batch by batch, in the order import_all wants them. Checks as it
/// reads: the header first, row types never going back to an earlier table, the end line last,
/// and the counts and checksum of what it read against the end line's. Errors name the line
/// ("line 12: ..."). Not thread-safe.
class TribuneFileSource final : public store::ImportSource {
public:
    explicit TribuneFileSource(std::istream& in, int batch_rows = 500);

    /// Reads the header (next() does when it was not called). Errors: kMalformed; kInvalid for a
    /// newer format version.
    domain::Result<void> start();

    domain::Result<std::optional<store::ExportBatch>> next() override;

    const std::optional<ExportHeader>& header() const { return header_; }
    /// The end line, once read.
    const std::optional<ExportEnd>& end() const { return end_; }
    /// What was read so far: rows per table, thread counts and (once done) their checksum.
    const store::StoreSummary& read() const { return read_; }
    std::int64_t media() const { return media_; }
    /// Lines of a type this version does not know (skipped).
    std::int64_t unknown_lines() const { return unknown_; }

private:
    domain::Result<std::optional<ParsedLine>> next_line();
    domain::Error at_line(std::string message) const;
    domain::Result<void> finish(const ExportEnd& end);

    LineReader lines_;
    int batch_rows_;
    std::optional<ExportHeader> header_;
    std::optional<ExportEnd> end_;
    std::optional<FileRow> pending_;  // the first row of the next batch
    std::size_t last_rank_ = 0;
    store::StoreSummary read_;
    std::int64_t media_ = 0;
    std::int64_t unknown_ = 0;
    std::string line_;
    store::Fnv1a64 hash_;  // over what was read, as the store's summary hashes it
};

/// What an import did (or, dry, would do).
struct TribuneImportResult {
    bool dry_run = false;
    ExportHeader header;
    ExportEnd end;
    store::StoreSummary read;            // what the file holds, as read
    std::int64_t media = 0;              // media references (their bytes are not in the file)
    std::int64_t unknown_lines = 0;      // lines of types this version does not know
    std::optional<store::StoreSummary> stored;  // the store's summary after the import
    /// How the store's summary after the import differs from the file's end line (empty: equal).
    std::vector<std::string> differences;
};

/// What the desk's import adds to the command line's.
struct TribuneImportExtras {
    /// The store is a new server's (the admin importing has an account there): without articles
    /// and comments, its accounts, sessions, settings and audit are replaced by the file's in the
    /// import's transaction (store::ImportOptions::replace_setup).
    bool replace_setup = false;
    /// Hears each batch of rows as it goes into the store (not on a dry run).
    std::function<void(const store::ExportBatch&)> on_batch;
};

/// Imports `in` into `into`, which must be empty (no articles, no comments; with
/// extras.replace_setup nothing else of it stays); dry: reads and checks the whole file and
/// writes nothing. Errors: kConflict for a store that is not empty; kMalformed naming the bad
/// line; kInvalid for a newer format; the store's.
domain::Result<TribuneImportResult> import_tribune(store::Store& into, std::istream& in, bool dry_run,
                                                   const TribuneImportExtras& extras = {});

/// The --report file: counts per table, media references, checksums, differences.
std::string import_report_json(const TribuneImportResult& r);

}  // namespace tribune::portability
