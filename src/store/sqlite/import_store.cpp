// SqliteStore's import role (store/import_store.hpp): the shared steps (common/import_steps.hpp)
// in the writer's batches or on a reader's connection.
#include "store/sqlite/sqlite_store.hpp"

#include "store/common/import_steps.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sql_session.hpp"
#include "store/sqlite/store_calls.hpp"

namespace tribune::store::sqlite {

Result<std::int64_t> SqliteStore::remember_threads(std::string_view source,
                                                   const std::vector<ImportedThread>& threads) {
    return write<std::int64_t>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::remember_threads(session, source, threads);
    });
}

Result<std::vector<std::optional<std::string>>> SqliteStore::thread_pages(std::string_view source,
                                                                          const std::vector<std::string>& ids) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::thread_pages(session, source, ids);
    });
}

Result<std::vector<std::optional<domain::CommentId>>> SqliteStore::imported_comments(
    std::string_view source, const std::vector<std::string>& ids) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::imported_comments(session, source, ids);
    });
}

Result<std::vector<ImportedCommentResult>> SqliteStore::add_imported_comments(
    std::string_view source, const std::vector<ImportedComment>& comments) {
    return write<std::vector<ImportedCommentResult>>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::add_comments(session, source, comments);
    });
}

Result<std::vector<PendingParent>> SqliteStore::pending_parents(std::string_view source, domain::CommentId after,
                                                                int limit) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::pending_parents(session, source, after, limit);
    });
}

Result<bool> SqliteStore::settle_parent(std::string_view source, const PendingParent& pending) {
    return write<bool>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::settle_parent(session, source, pending);
    });
}

Result<bool> SqliteStore::remember_item(std::string_view source, std::string_view kind, std::string_view source_id,
                                const RememberedItem& item) {
    return write<bool>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::remember_item(session, source, kind, source_id, item);
    });
}

Result<std::optional<RememberedItem>> SqliteStore::remembered_item(std::string_view source, std::string_view kind,
                                                             std::string_view source_id) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::remembered_item(session, source, kind, source_id);
    });
}

Result<bool> SqliteStore::add_path_redirect(const PathRedirect& redirect) {
    return write<bool>(*writer_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::add_path_redirect(session, redirect);
    });
}

Result<std::optional<std::string>> SqliteStore::path_redirect(std::string_view path) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::path_redirect(session, path);
    });
}

Result<std::string> SqliteStore::kept_email(domain::CommentId id) {
    return read(*readers_, *health_, [&](Connection& db) {
        SqliteSession session(db);
        return import_steps::kept_email(session, id);
    });
}

}  // namespace tribune::store::sqlite
