#pragma once
// `tribune export FILE --format disqus`: every thread and comment as a Disqus XML export, which
// Disqus-reading importers (Tribune's own among them) take in. Threads come first, then posts
// in id order, read a batch at a time; memory grows with the number of pages, not comments.

#include <ostream>

#include "domain/error.hpp"
#include "portability/comment_export.hpp"
#include "store/store.hpp"

namespace tribune::portability {

/// Writes the Disqus export of `from` to `out` (docs/export-format.md, "Disqus"). Errors: the
/// store's; kUnavailable when `out` fails.
domain::Result<ForeignExportResult> write_disqus_export(store::Store& from, std::ostream& out,
                                                        const ForeignExportOptions& options);

}  // namespace tribune::portability
