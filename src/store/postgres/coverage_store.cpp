// PgStore's live coverage and corrections (store/article_store.hpp): the shared steps
// (common/coverage_steps.hpp) in a write transaction or on a pooled connection.
#include "store/postgres/pg_store.hpp"

#include "store/common/coverage_steps.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

Result<void> PgStore::set_article_live(std::int64_t article_id, bool live) {
    return run_write_void(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return coverage_steps::set_live(session, article_id, live);
    });
}

Result<domain::Correction> PgStore::add_correction(std::int64_t article_id, const domain::Correction& correction) {
    return run_write<domain::Correction>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return coverage_steps::add_correction(session, article_id, correction);
    });
}

Result<domain::LiveUpdate> PgStore::add_live_update(const domain::LiveUpdate& update) {
    return run_write<domain::LiveUpdate>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return coverage_steps::add_update(session, update);
    });
}

Result<domain::LiveUpdate> PgStore::get_live_update(std::int64_t article_id, std::int64_t id) {
    return run_read<domain::LiveUpdate>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return coverage_steps::get_update(session, article_id, id);
    });
}

Result<domain::LiveUpdate> PgStore::edit_live_update(const domain::LiveUpdate& update) {
    return run_write<domain::LiveUpdate>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return coverage_steps::edit_update(session, update);
    });
}

Result<void> PgStore::delete_live_update(std::int64_t article_id, std::int64_t id) {
    return run_write_void(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return coverage_steps::delete_update(session, article_id, id);
    });
}

Result<std::vector<domain::LiveUpdate>> PgStore::live_updates(const LiveUpdateQuery& query) {
    return run_read<std::vector<domain::LiveUpdate>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return coverage_steps::updates(session, query);
    });
}

}  // namespace tribune::store::postgres
