#pragma once
// `tribune restore SRC`: a backup (backup.hpp) back into an empty store of its engine. The
// manifest and every file's SHA-256 are checked before anything is written; a store that is not
// empty (or, for SQLite, that a running server has open) is refused and left as it was. After the
// restore the store is opened and its summaries compared with the manifest's.

#include <iosfwd>
#include <string>

namespace tribune::portability {

struct RestoreOptions {
    std::string store_url;  // the configured store to restore into
    std::string src;        // a backup directory
};

/// Returns the exit code: 0 restored and verified; 1 failed (the restore or its verification,
/// naming the mismatch); 2 refused (a damaged or altered backup, another engine's backup, a store
/// that is not empty or is open in a running server), nothing changed.
int restore(const RestoreOptions& options, std::ostream& out, std::ostream& err);

}  // namespace tribune::portability
