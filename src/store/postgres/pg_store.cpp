#include "store/postgres/pg_store.hpp"

#include <utility>

#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store/postgres/article_queries.hpp"
#include "store/postgres/comment_reads.hpp"
#include "store/postgres/comment_writes.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/connection_pool.hpp"
#include "store/postgres/export_import.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

using domain::Comment;

Result<std::unique_ptr<PgStore>> PgStore::open(PgOptions options) {
    ConnectionPool::Options pool_options;
    pool_options.conninfo = std::move(options.conninfo);
    pool_options.size = options.pool_size;
    pool_options.checkout_timeout = options.checkout_timeout;
    pool_options.connect_timeout = options.connect_timeout;
    auto pool = std::make_unique<ConnectionPool>(std::move(pool_options));
    // Migrations manage their own transactions; a retry after a lost connection starts over and
    // skips what was already committed.
    auto migrated = run_read<bool>(*pool, options.retry, [](Connection& db) -> Result<bool> {
        if (auto ok = migrate(db); !ok) return ok.error();
        return true;
    });
    if (!migrated) return migrated.error();
    return std::unique_ptr<PgStore>(new PgStore(std::move(pool), options.retry));
}

PgStore::PgStore(std::unique_ptr<ConnectionPool> pool, RetryPolicy retry)
    : pool_(std::move(pool)), retry_(retry) {}

PgStore::~PgStore() = default;

std::size_t PgStore::open_connections() const { return pool_->open_connections(); }

Result<Comment> PgStore::insert_comment(const domain::NewComment& c) {
    return run_write<Comment>(*pool_, retry_, [&](Connection& db) { return postgres::insert_comment(db, c); });
}

Result<Comment> PgStore::get_comment(domain::CommentId id) {
    return run_read<Comment>(*pool_, retry_, [&](Connection& db) { return postgres::get_comment(db, id); });
}

Result<CommentPage> PgStore::list_comments(std::string_view page, const ListQuery& q) {
    return run_read<CommentPage>(*pool_, retry_,
                                 [&](Connection& db) { return postgres::list_comments(db, page, q); });
}

Result<CommentPage> PgStore::list_replies(domain::CommentId parent_id, const ListQuery& q) {
    return run_read<CommentPage>(*pool_, retry_,
                                 [&](Connection& db) { return postgres::list_replies(db, parent_id, q); });
}

Result<std::vector<std::pair<domain::CommentId, std::vector<Comment>>>> PgStore::first_replies(
    const std::vector<domain::CommentId>& parent_ids, int per_parent, const domain::Viewer& viewer,
    bool all_statuses) {
    using Out = std::vector<std::pair<domain::CommentId, std::vector<Comment>>>;
    return run_read<Out>(*pool_, retry_, [&](Connection& db) {
        return postgres::first_replies(db, parent_ids, per_parent, viewer, all_statuses);
    });
}

Result<std::int64_t> PgStore::count_approved(std::string_view page) {
    return run_read<std::int64_t>(*pool_, retry_,
                                  [&](Connection& db) { return postgres::count_approved(db, page); });
}

Result<std::vector<std::int64_t>> PgStore::count_approved_many(const std::vector<std::string>& pages) {
    return run_read<std::vector<std::int64_t>>(
        *pool_, retry_, [&](Connection& db) { return postgres::count_approved_many(db, pages); });
}

Result<Comment> PgStore::edit_comment(domain::CommentId id, const std::string& new_text, domain::Time at,
                                      const std::string& edited_by) {
    return run_write<Comment>(*pool_, retry_, [&](Connection& db) {
        return postgres::edit_comment(db, id, new_text, at, edited_by);
    });
}

Result<std::vector<domain::CommentEdit>> PgStore::edit_history(domain::CommentId id) {
    return run_read<std::vector<domain::CommentEdit>>(
        *pool_, retry_, [&](Connection& db) { return postgres::edit_history(db, id); });
}

Result<Comment> PgStore::set_status(domain::CommentId id, domain::CommentStatus status) {
    return run_write<Comment>(*pool_, retry_, [&](Connection& db) { return postgres::set_status(db, id, status); });
}

Result<Comment> PgStore::delete_comment(domain::CommentId id) {
    return run_write<Comment>(*pool_, retry_, [&](Connection& db) { return postgres::delete_comment(db, id); });
}

Result<domain::Article> PgStore::insert_article(const domain::Article& a) {
    return run_write<domain::Article>(*pool_, retry_,
                                      [&](Connection& db) { return postgres::insert_article(db, a); });
}

Result<domain::Article> PgStore::get_article(std::string_view slug) {
    return run_read<domain::Article>(*pool_, retry_,
                                     [&](Connection& db) { return postgres::get_article(db, slug); });
}

Result<std::vector<domain::Article>> PgStore::list_articles(int limit) {
    return run_read<std::vector<domain::Article>>(
        *pool_, retry_, [&](Connection& db) { return postgres::list_articles(db, limit); });
}

Result<std::vector<domain::Article>> PgStore::articles_by_author(std::string_view author,
                                                                 std::string_view exclude_slug, int limit) {
    return run_read<std::vector<domain::Article>>(*pool_, retry_, [&](Connection& db) {
        return postgres::articles_by_author(db, author, exclude_slug, limit);
    });
}

Result<bool> PgStore::is_empty() {
    return run_read<bool>(*pool_, retry_, [&](Connection& db) { return postgres::is_empty(db); });
}

Result<ExportBatch> PgStore::export_batch(ExportTable table, std::int64_t after_id, int limit) {
    return run_read<ExportBatch>(*pool_, retry_,
                                 [&](Connection& db) { return postgres::export_batch(db, table, after_id, limit); });
}

Result<std::vector<ThreadCount>> PgStore::export_thread_counts(std::string_view after_page, int limit) {
    return run_read<std::vector<ThreadCount>>(
        *pool_, retry_, [&](Connection& db) { return postgres::export_thread_counts(db, after_page, limit); });
}

Result<StoreSummary> PgStore::import_all(ImportSource& source, const ImportOptions& options) {
    RetryPolicy once = retry_;
    once.max_attempts = 1;
    return run_write<StoreSummary>(*pool_, once,
                                   [&](Connection& db) { return postgres::import_all(db, source, options); });
}

Result<StoreSummary> PgStore::summary() { return summarize(*this, kExportBatchRows); }

}  // namespace tribune::store::postgres
