// PgStore's import role (store/import_store.hpp): the shared steps (common/import_steps.hpp)
// in a write transaction or on a pooled connection.
#include "store/postgres/pg_store.hpp"

#include "store/common/import_steps.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/sql_session.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

Result<std::int64_t> PgStore::remember_threads(std::string_view source,
                                               const std::vector<ImportedThread>& threads) {
    return run_write<std::int64_t>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::remember_threads(session, source, threads);
    });
}

Result<std::vector<std::optional<std::string>>> PgStore::thread_pages(std::string_view source,
                                                                          const std::vector<std::string>& ids) {
    return run_read<std::vector<std::optional<std::string>>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::thread_pages(session, source, ids);
    });
}

Result<std::vector<std::optional<domain::CommentId>>> PgStore::imported_comments(
    std::string_view source, const std::vector<std::string>& ids) {
    return run_read<std::vector<std::optional<domain::CommentId>>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::imported_comments(session, source, ids);
    });
}

Result<std::vector<ImportedCommentResult>> PgStore::add_imported_comments(
    std::string_view source, const std::vector<ImportedComment>& comments) {
    return run_write<std::vector<ImportedCommentResult>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::add_comments(session, source, comments);
    });
}

Result<std::vector<PendingParent>> PgStore::pending_parents(std::string_view source, domain::CommentId after,
                                                                int limit) {
    return run_read<std::vector<PendingParent>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::pending_parents(session, source, after, limit);
    });
}

Result<bool> PgStore::settle_parent(std::string_view source, const PendingParent& pending) {
    return run_write<bool>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::settle_parent(session, source, pending);
    });
}

Result<bool> PgStore::remember_item(std::string_view source, std::string_view kind, std::string_view source_id,
                                const RememberedItem& item) {
    return run_write<bool>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::remember_item(session, source, kind, source_id, item);
    });
}

Result<std::optional<RememberedItem>> PgStore::remembered_item(std::string_view source, std::string_view kind,
                                                             std::string_view source_id) {
    return run_read<std::optional<RememberedItem>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::remembered_item(session, source, kind, source_id);
    });
}

Result<bool> PgStore::add_path_redirect(const PathRedirect& redirect) {
    return run_write<bool>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::add_path_redirect(session, redirect);
    });
}

Result<std::optional<std::string>> PgStore::path_redirect(std::string_view path) {
    return run_read<std::optional<std::string>>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::path_redirect(session, path);
    });
}

Result<std::string> PgStore::kept_email(domain::CommentId id) {
    return run_read<std::string>(*pool_, retry_, [&](Connection& db) {
        PgSession session(db);
        return import_steps::kept_email(session, id);
    });
}

}  // namespace tribune::store::postgres
