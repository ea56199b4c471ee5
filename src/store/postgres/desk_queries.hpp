#pragma once
// The moderation desk's comment queries: queues across every thread, their sizes, a commenter's
// record, and featuring. Semantics as in store/store.hpp.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/store.hpp"

namespace tribune::store::postgres {

class Connection;

/// One statement, row-locking the comment until the transaction ends. Errors: kNotFound.
domain::Result<domain::Comment> set_featured(Connection& db, domain::CommentId id, bool featured);

/// Keyset by id in q.order. kReported counts at least one report whatever q.min_reports says
/// (the queue never lists unreported comments).
domain::Result<CommentPage> list_queue(Connection& db, const QueueQuery& q);

/// One statement, so the counts come from one snapshot.
domain::Result<std::vector<std::int64_t>> count_queues(Connection& db, const std::vector<Queue>& queues,
                                                       std::int64_t min_reports);

/// Zero for an empty key.
domain::Result<domain::AuthorStats> author_stats(Connection& db, const domain::AuthorKey& author);

/// Newest first by created_at, then id, without deleted comments; empty for an empty key.
domain::Result<std::vector<std::string>> recent_texts(Connection& db, const domain::AuthorKey& author,
                                                      domain::Time since, int limit);

}  // namespace tribune::store::postgres
