#pragma once
// The transfer role of the Store: whole-store export, import and summary (tribune migrate-store),
// and whether the store is new. Every call blocks.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/transfer_types.hpp"

namespace tribune::store {

using domain::Result;

/// The reads of a whole-store export (see ExportBatch).
class ExportReader {
public:
    virtual ~ExportReader() = default;

    /// Up to `limit` rows of `table` whose id is above `after_id`, in id order, every stored
    /// field included (comments with their edit history). Empty once the table is done. Keyed
    /// tables (keyed_export()) come whole for after_id 0, whatever `limit`, and empty otherwise.
    virtual Result<ExportBatch> export_batch(ExportTable table, std::int64_t after_id, int limit) = 0;

    /// Up to `limit` pages after `after_page` (byte order) with a stored approved count above 0.
    virtual Result<std::vector<ThreadCount>> export_thread_counts(std::string_view after_page, int limit) = 0;
};

class TransferStore : public ExportReader {
public:
    /// True when nothing was ever published or posted: the first start seeds the demo.
    virtual Result<bool> is_empty() = 0;

    // Whole-store export and import (see ExportBatch). Called on the store, each read is its own
    // snapshot; within in_export_snapshot every read sees the same one.

    /// Runs `body` with a reader whose every read sees one committed state of the whole store for
    /// as long as `body` runs, while writers go on (SQLite: one read transaction, which holds the
    /// WAL from being checkpointed past it; PostgreSQL: REPEATABLE READ READ ONLY on a connection
    /// of its own). So an export or summary of a store in use is consistent: no row refers to one
    /// the export did not see. Returns `body`'s result; errors: kUnavailable, or body's own.
    virtual Result<void> in_export_snapshot(const std::function<Result<void>(ExportReader&)>& body) = 0;

    /// Stores everything `source` yields in one transaction, keeping every id as it is; then
    /// recomputes approved counts and reply counts from the statuses, open_reports from the
    /// unresolved reports, and moves id generation past the imported ids. With
    /// options.replace_existing, first empties the store in the same transaction (every exported
    /// table, and sessions); otherwise refuses a store that is not empty (is_empty()). All or nothing. Returns the rows
    /// stored (checksum 0: call summary()). Errors: kConflict for a non-empty store;
    /// kInvalid for rows that break the schema (a reply before its parent...); the source's
    /// errors; kUnavailable.
    virtual Result<StoreSummary> import_all(ImportSource& source, const ImportOptions& options) = 0;

    /// Rows per table and the checksum of the canonical content (read in one export snapshot);
    /// equal summaries mean equal content, whatever the engines.
    virtual Result<StoreSummary> summary() = 0;
};

}  // namespace tribune::store
