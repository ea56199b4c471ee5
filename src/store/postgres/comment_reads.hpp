#pragma once
// Comment reads. Each is one statement, so it sees one snapshot. Semantics as in store/store.hpp.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/viewer.hpp"
#include "store/store.hpp"

namespace tribune::store::postgres {

class Connection;

/// The comment with `id`, whatever its status. Errors: kNotFound.
domain::Result<domain::Comment> get_comment(Connection& db, domain::CommentId id);

domain::Result<CommentPage> list_comments(Connection& db, std::string_view page, const ListQuery& q);

domain::Result<CommentPage> list_replies(Connection& db, domain::CommentId parent_id, const ListQuery& q);

/// One statement: a keyset query per parent (LATERAL), each stopping after per_parent + 1 rows.
domain::Result<std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>> first_replies(
    Connection& db, const std::vector<domain::CommentId>& parent_ids, int per_parent,
    const domain::Viewer& viewer, bool all_statuses);

domain::Result<std::int64_t> count_approved(Connection& db, std::string_view page);

domain::Result<std::vector<std::int64_t>> count_approved_many(Connection& db,
                                                              const std::vector<std::string>& pages);

/// Errors: kNotFound.
domain::Result<std::vector<domain::CommentEdit>> edit_history(Connection& db, domain::CommentId id);

}  // namespace tribune::store::postgres
