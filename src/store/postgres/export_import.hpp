#pragma once
// Whole-store export (single statements) and import (in one write transaction). Semantics as
// documented in store/store.hpp.

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/store.hpp"

namespace tribune::store::postgres {

class Connection;

domain::Result<ExportBatch> export_batch(Connection& db, ExportTable table, std::int64_t after_id, int limit);

domain::Result<std::vector<ThreadCount>> export_thread_counts(Connection& db, std::string_view after_page,
                                                              int limit);

/// Runs in a write transaction, which the caller rolls back on error.
domain::Result<StoreSummary> import_all(Connection& db, ImportSource& source, const ImportOptions& options);

}  // namespace tribune::store::postgres
