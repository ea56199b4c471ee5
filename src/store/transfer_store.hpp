#pragma once
// The transfer role of the Store: whole-store export, import and summary (tribune migrate-store),
// and whether the store is new. Every call blocks.

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/transfer_types.hpp"

namespace tribune::store {

using domain::Result;

class TransferStore {
public:
    virtual ~TransferStore() = default;

    /// True when nothing was ever published or posted: the first start seeds the demo.
    virtual Result<bool> is_empty() = 0;

    // Whole-store export and import (see ExportBatch). Each call is its own read or transaction:
    // export and summarise a store nothing else writes to meanwhile.

    /// Up to `limit` rows of `table` whose id is above `after_id`, in id order, every stored
    /// field included (comments with their edit history). Empty once the table is done. Keyed
    /// tables (keyed_export()) come whole for after_id 0, whatever `limit`, and empty otherwise.
    virtual Result<ExportBatch> export_batch(ExportTable table, std::int64_t after_id, int limit) = 0;

    /// Up to `limit` pages after `after_page` (byte order) with a stored approved count above 0.
    virtual Result<std::vector<ThreadCount>> export_thread_counts(std::string_view after_page, int limit) = 0;

    /// Stores everything `source` yields in one transaction, keeping every id as it is; then
    /// recomputes approved counts and reply counts from the statuses, open_reports from the
    /// unresolved reports, and moves id generation past the imported ids. With
    /// options.replace_existing, first empties the store in the same transaction (every exported
    /// table, and sessions); otherwise refuses a store that is not empty (is_empty()). All or nothing. Returns the rows
    /// stored (checksum 0: call summary()). Errors: kConflict for a non-empty store;
    /// kInvalid for rows that break the schema (a reply before its parent...); the source's
    /// errors; kUnavailable.
    virtual Result<StoreSummary> import_all(ImportSource& source, const ImportOptions& options) = 0;

    /// Rows per table and the checksum of the canonical content; equal summaries mean equal
    /// content, whatever the engines.
    virtual Result<StoreSummary> summary() = 0;
};

}  // namespace tribune::store
