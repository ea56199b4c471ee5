#pragma once
// `tribune migrate-store --from URL --to URL [--force]`: copies a whole store to another one
// (SQLite to PostgreSQL and back), then checks the copy.

#include <iosfwd>
#include <string>

#include "store/store.hpp"

namespace tribune::app {

struct MigrateStoreOptions {
    std::string from;    // database URL read from; never written (beyond its schema migrations)
    std::string to;      // database URL written to
    bool force = false;  // replace what the target holds instead of refusing
    int batch_rows = 500;
};

/// Opens both stores (running migrations), refuses a target that is not empty unless `force`,
/// copies everything in batches in one target transaction, then compares both summaries.
/// Progress lines go to `err`, the result to `out`. Returns the exit code: 0 copied and verified;
/// 1 the copy or the verification failed (naming the mismatch); 2 refused (non-empty target
/// without --force, a missing SQLite source, both URLs naming one store, a bad URL).
int migrate_store(const MigrateStoreOptions& options, std::ostream& out, std::ostream& err);

/// Compares the summaries of `from` and `to`: 0 and "verified: ..." on `out` when they match,
/// else 1 with one line per mismatch on `err`.
int verify_copy(store::Store& from, store::Store& to, std::ostream& out, std::ostream& err);

/// `url` with any password replaced by "***", fit for logs.
std::string redact_url(const std::string& url);

}  // namespace tribune::app
