#pragma once
// Live coverage and corrections (ArticleStore), written once over SqlSession in the SQL both
// engines run. Each engine's method opens its transaction (or read) and calls one of these.

#include <cstdint>
#include <vector>

#include "domain/article.hpp"
#include "domain/error.hpp"
#include "domain/live_update.hpp"
#include "store/article_types.hpp"
#include "store/common/sql_session.hpp"

namespace tribune::store::coverage_steps {

using domain::Result;

/// ArticleStore::set_article_live, inside a write transaction.
Result<void> set_live(SqlSession& db, std::int64_t article_id, bool live);
/// ArticleStore::add_correction, inside a write transaction.
Result<domain::Correction> add_correction(SqlSession& db, std::int64_t article_id, const domain::Correction& c);
/// ArticleStore::add_live_update / get_live_update / edit_live_update / delete_live_update / live_updates.
Result<domain::LiveUpdate> add_update(SqlSession& db, const domain::LiveUpdate& u);
Result<domain::LiveUpdate> get_update(SqlSession& db, std::int64_t article_id, std::int64_t id);
Result<domain::LiveUpdate> edit_update(SqlSession& db, const domain::LiveUpdate& u);
Result<void> delete_update(SqlSession& db, std::int64_t article_id, std::int64_t id);
Result<std::vector<domain::LiveUpdate>> updates(SqlSession& db, const LiveUpdateQuery& q);

/// Puts each article's corrections on it, oldest first (one query for all of them).
Result<void> attach_corrections(SqlSession& db, std::vector<domain::Article>& articles);

// Whole-store transfer (common/article_transfer.hpp, TransferStore).

/// Live updates with id above `after_id`, in id order, at most `limit`.
Result<std::vector<domain::LiveUpdate>> export_updates(SqlSession& db, std::int64_t after_id, std::int64_t limit);
/// Inserts one exported update, or an article's exported corrections, ids kept.
Result<void> insert_update(SqlSession& db, const domain::LiveUpdate& u);
Result<void> insert_corrections(SqlSession& db, const domain::Article& a);

}  // namespace tribune::store::coverage_steps
