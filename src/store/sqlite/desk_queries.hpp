#pragma once
// The moderation desk's reads, on a read-only connection. Semantics as documented in
// store/store.hpp.

#include <cstdint>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "store/store.hpp"

namespace tribune::store::sqlite {

class Connection;

/// One keyset page of a queue, walking comments_by_status (or comments_reported) in id order;
/// the text, author and page filters apply to the rows it walks.
domain::Result<CommentPage> list_queue(Connection& db, const QueueQuery& q);

/// One read transaction. The approved count is the sum of the threads' stored counts.
domain::Result<std::vector<std::int64_t>> count_queues(Connection& db, const std::vector<Queue>& queues,
                                                       std::int64_t min_reports);

/// Zeros for an empty key.
domain::Result<domain::AuthorStats> author_stats(Connection& db, const domain::AuthorKey& author);

/// Texts of deleted comments are gone, so those are left out. Empty for an empty key.
domain::Result<std::vector<std::string>> recent_texts(Connection& db, const domain::AuthorKey& author,
                                                      domain::Time since, int limit);

}  // namespace tribune::store::sqlite
