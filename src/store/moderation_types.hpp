#pragma once
// The values of the moderation role: the desk's queues and what a report did.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/comment.hpp"
#include "domain/cursor.hpp"
#include "domain/moderation.hpp"

namespace tribune::store {

/// The moderation desk's queues. kReported: comments with at least `min_reports` open
/// reports, whatever their status; the others: comments of that status.
enum class Queue { kPending, kReported, kApproved, kRejected, kSpam, kDeleted };

/// A keyset query over the whole store for the desk, newest first by default.
struct QueueQuery {
    Queue queue = Queue::kPending;
    domain::SortOrder order = domain::SortOrder::kNewest;
    std::optional<domain::CommentId> after_id;  // strictly after this id in `order`
    int limit = 50;                             // 1..200, checked by the caller
    std::string text_contains;                  // case-insensitive (ASCII) substring; empty: any
    std::string author_contains;                // same, on the author's name
    std::string page;                           // one thread only; empty: every thread
    std::int64_t min_reports = 1;               // kReported only
};

/// What one report did to its comment.
struct ReportOutcome {
    domain::Report report;
    domain::Comment comment;  // with open_reports counting this report
};

}  // namespace tribune::store
