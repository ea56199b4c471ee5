#pragma once
// `tribune export FILE --format wxr`: the published articles and their comments as a WordPress
// WXR 1.2 file. Articles are read a batch at a time and each one's comments a page at a time;
// memory grows with the number of articles (the set of their pages), not with comments.
// Comments on pages that are not published articles have no post to belong to in WXR: they are
// left out and counted (the tribune and disqus formats carry them).

#include <ostream>

#include "domain/error.hpp"
#include "portability/comment_export.hpp"
#include "store/store.hpp"

namespace tribune::portability {

/// Writes the WXR export of `from` to `out` (docs/export-format.md, "WordPress"). Errors: the
/// store's; kUnavailable when `out` fails.
domain::Result<ForeignExportResult> write_wxr_export(store::Store& from, std::ostream& out,
                                                     const ForeignExportOptions& options);

}  // namespace tribune::portability
