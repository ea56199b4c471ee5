#pragma once
// The whole-store export reads on a given connection, inside whatever transaction it holds:
// PgStore's export_batch and export_thread_counts run them in autocommit; a backup runs them
// in the snapshot pg_dump reads (store/pg_snapshot.hpp).

#include <cstdint>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/transfer_types.hpp"

namespace tribune::store::postgres {

class Connection;

domain::Result<ExportBatch> export_batch_on(Connection& db, ExportTable table, std::int64_t after_id, int limit);
domain::Result<std::vector<ThreadCount>> export_thread_counts_on(Connection& db, std::string_view after_page, int limit);

}  // namespace tribune::store::postgres
