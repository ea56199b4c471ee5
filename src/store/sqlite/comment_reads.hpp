#pragma once
// Comment reads, on a read-only connection. Semantics as documented in store/store.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/comment.hpp"
#include "domain/error.hpp"
#include "domain/viewer.hpp"
#include "store/store.hpp"

namespace tribune::store::sqlite {

class Connection;

/// The comment with `id`, whatever its status. Also used by the writes. Errors: kNotFound.
domain::Result<domain::Comment> get_comment(Connection& db, domain::CommentId id);

domain::Result<CommentPage> list_comments(Connection& db, std::string_view page, const ListQuery& q);

domain::Result<CommentPage> list_replies(Connection& db, domain::CommentId parent_id, const ListQuery& q);

/// One read transaction, one keyset query per parent: each stops after per_parent + 1 rows.
domain::Result<std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>> first_replies(
    Connection& db, const std::vector<domain::CommentId>& parent_ids, int per_parent,
    const domain::Viewer& viewer, bool all_statuses);

domain::Result<std::int64_t> count_approved(Connection& db, std::string_view page);

domain::Result<std::vector<std::int64_t>> count_approved_many(Connection& db,
                                                              const std::vector<std::string>& pages);

domain::Result<std::vector<domain::CommentEdit>> edit_history(Connection& db, domain::CommentId id);

/// The earliest created_at among the page's top-level comments (a reply never precedes its
/// parent), any status; nullopt when it has none.
domain::Result<std::optional<domain::Time>> first_comment_at(Connection& db, std::string_view page);

}  // namespace tribune::store::sqlite
