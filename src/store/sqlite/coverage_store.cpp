// SqliteStore's live coverage and corrections (store/article_store.hpp): the shared steps
// (common/coverage_steps.hpp) on the writer's or a reader's connection.
#include "store/sqlite/sqlite_store.hpp"

#include "store/common/coverage_steps.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {

Result<void> SqliteStore::set_article_live(std::int64_t article_id, bool live) {
    return write_void(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return coverage_steps::set_live(session, article_id, live);
    });
}

Result<domain::Correction> SqliteStore::add_correction(std::int64_t article_id, const domain::Correction& correction) {
    return write<domain::Correction>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return coverage_steps::add_correction(session, article_id, correction);
    });
}

Result<domain::LiveUpdate> SqliteStore::add_live_update(const domain::LiveUpdate& update) {
    return write<domain::LiveUpdate>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return coverage_steps::add_update(session, update);
    });
}

Result<domain::LiveUpdate> SqliteStore::get_live_update(std::int64_t article_id, std::int64_t id) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return coverage_steps::get_update(session, article_id, id);
    });
}

Result<domain::LiveUpdate> SqliteStore::edit_live_update(const domain::LiveUpdate& update) {
    return write<domain::LiveUpdate>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return coverage_steps::edit_update(session, update);
    });
}

Result<void> SqliteStore::delete_live_update(std::int64_t article_id, std::int64_t id) {
    return write_void(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return coverage_steps::delete_update(session, article_id, id);
    });
}

Result<std::vector<domain::LiveUpdate>> SqliteStore::live_updates(const LiveUpdateQuery& query) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return coverage_steps::updates(session, query);
    });
}

}  // namespace tribune::store::sqlite
