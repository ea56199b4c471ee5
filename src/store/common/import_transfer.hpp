#pragma once
// The import tables (import_sources, path_redirects) in a whole-store export and import
// (TransferStore), written once over SqlSession: each engine's export_batch and import visitor
// call these.

#include <cstdint>
#include <vector>

#include "domain/error.hpp"
#include "store/common/sql_session.hpp"
#include "store/transfer_types.hpp"

namespace tribune::store::import_transfer {

using domain::Result;

/// import_sources rows with id above `after_id`, in id order, at most `limit`.
Result<std::vector<ImportSourceRow>> export_sources(SqlSession& db, std::int64_t after_id, std::int64_t limit);
/// The whole path_redirects table (a row per imported page), in path byte order.
Result<std::vector<PathRedirect>> export_path_redirects(SqlSession& db);

/// Inserts one exported row as it is, id included.
Result<void> insert(SqlSession& db, const ImportSourceRow& row);
Result<void> insert(SqlSession& db, const PathRedirect& redirect);

}  // namespace tribune::store::import_transfer
