#pragma once
// Readers' reports on comments. Writes run inside the caller's write transaction and lock the
// comment first (the order every comment writer follows, comment_writes.hpp), so a comment's
// open_reports stays equal to its unresolved reports under concurrency.

#include <string>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/store.hpp"

namespace tribune::store::postgres {

class Connection;

/// Files a report and adds one to open_reports. Errors: kNotFound (no comment); kConflict when
/// `reporter` already has an unresolved report on it.
domain::Result<ReportOutcome> add_report(Connection& db, domain::CommentId id, const std::string& reason,
                                         const std::string& reporter, const std::string& network,
                                         domain::Time at);

/// Oldest first; empty for an unknown comment.
domain::Result<std::vector<domain::Report>> reports_for(Connection& db, domain::CommentId id);

/// Resolves the comment's reports and sets its open_reports to 0. Errors: kNotFound.
domain::Result<domain::Comment> resolve_reports(Connection& db, domain::CommentId id);

}  // namespace tribune::store::postgres
