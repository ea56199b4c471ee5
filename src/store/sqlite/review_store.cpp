// SqliteStore's review requests (store/article_store.hpp): the shared steps
// (common/review_steps.hpp) on the writer's or a reader's connection.
#include "store/sqlite/sqlite_store.hpp"

#include "store/common/review_steps.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {

Result<void> SqliteStore::set_review_request(std::int64_t article_id,
                                             const std::optional<domain::ReviewRequest>& request) {
    return write_void(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return review_steps::set_request(session, article_id, request);
    });
}

Result<std::optional<domain::ReviewRequest>> SqliteStore::review_request(std::int64_t article_id) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return review_steps::request_of(session, article_id);
    });
}

}  // namespace tribune::store::sqlite
