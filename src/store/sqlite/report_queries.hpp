#pragma once
// Readers' reports on comments. The writes run on the writer thread inside a group-commit batch
// (comment_writes.hpp) and keep comments.open_reports equal to the comment's unresolved reports.

#include <string>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/store.hpp"

namespace tribune::store::sqlite {

class Connection;

/// Errors: kNotFound (no comment); kConflict when `reporter` has an open report on it.
domain::Result<ReportOutcome> add_report(Connection& db, domain::CommentId id, const std::string& reason,
                                         const std::string& reporter, const std::string& network,
                                         domain::Time at);

/// Oldest first; empty for an unknown comment.
domain::Result<std::vector<domain::Report>> reports_for(Connection& db, domain::CommentId id);

/// Errors: kNotFound.
domain::Result<domain::Comment> resolve_reports(Connection& db, domain::CommentId id);

}  // namespace tribune::store::sqlite
