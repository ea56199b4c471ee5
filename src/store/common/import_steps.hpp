#pragma once
// The import role (store/import_store.hpp), written once over SqlSession in the SQL both engines
// run. Each engine's method opens its transaction (or read) and calls one of these.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "store/common/sql_session.hpp"
#include "store/import_store.hpp"

namespace tribune::store::import_steps {

using domain::Result;

Result<std::int64_t> remember_threads(SqlSession& db, std::string_view source, const std::vector<ImportedThread>& threads);
Result<std::vector<std::optional<std::string>>> thread_pages(SqlSession& db, std::string_view source,
                                                             const std::vector<std::string>& ids);
Result<std::vector<std::optional<domain::CommentId>>> imported_comments(SqlSession& db, std::string_view source,
                                                                        const std::vector<std::string>& ids);
/// Inside a write transaction.
Result<std::vector<ImportedCommentResult>> add_comments(SqlSession& db, std::string_view source,
                                                        const std::vector<ImportedComment>& comments);
Result<std::vector<PendingParent>> pending_parents(SqlSession& db, std::string_view source, domain::CommentId after,
                                                   int limit);
/// Inside a write transaction.
Result<bool> settle_parent(SqlSession& db, std::string_view source, const PendingParent& pending);

Result<bool> remember_item(SqlSession& db, std::string_view source, std::string_view kind, std::string_view source_id,
                           const RememberedItem& item);
Result<std::optional<RememberedItem>> remembered_item(SqlSession& db, std::string_view source, std::string_view kind,
                                                      std::string_view source_id);
/// kInvalid unless the redirect's path starts with '/', is not the home page and is at most
/// kMaxRedirectPath bytes, and it names a page.
Result<void> check_path_redirect(const PathRedirect& redirect);
Result<bool> add_path_redirect(SqlSession& db, const PathRedirect& redirect);
Result<std::optional<std::string>> path_redirect(SqlSession& db, std::string_view path);
Result<std::string> kept_email(SqlSession& db, domain::CommentId id);

}  // namespace tribune::store::import_steps
