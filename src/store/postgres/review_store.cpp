// PgStore's review requests (store/article_store.hpp): the shared steps
// (common/review_steps.hpp) in a write transaction or on a pooled connection.
#include "store/postgres/pg_store.hpp"

#include "store/common/review_steps.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

Result<void> PgStore::set_review_request(std::int64_t article_id, const std::optional<domain::ReviewRequest>& request) {
    return run_write_void(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return review_steps::set_request(session, article_id, request);
    });
}

Result<std::optional<domain::ReviewRequest>> PgStore::review_request(std::int64_t article_id) {
    return run_read<std::optional<domain::ReviewRequest>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return review_steps::request_of(session, article_id);
    });
}

}  // namespace tribune::store::postgres
