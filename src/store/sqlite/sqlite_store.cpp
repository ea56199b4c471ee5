#include "store/sqlite/sqlite_store.hpp"

#include <optional>
#include <utility>

#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store/sqlite/article_queries.hpp"
#include "store/sqlite/comment_reads.hpp"
#include "store/sqlite/comment_writes.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/export_import.hpp"
#include "store/sqlite/group_commit_writer.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/read_pool.hpp"

namespace tribune::store::sqlite {
namespace {

// Runs `work(Connection&) -> Result<T>` in the writer's next batch; the value comes back once the
// batch is durable.
template <class T, class F>
Result<T> write(GroupCommitWriter& writer, F&& work) {
    std::optional<T> value;
    auto error = writer.run([&](Connection& db) -> std::optional<domain::Error> {
        Result<T> r = work(db);
        if (!r) return r.error();
        value = std::move(*r);
        return std::nullopt;
    });
    if (error) return std::move(*error);
    return std::move(*value);
}

// Runs `work(Connection&)` on a pooled read-only connection.
template <class F>
auto read(ReadPool& readers, F&& work) -> decltype(work(std::declval<Connection&>())) {
    auto lease = readers.acquire();
    if (!lease) return lease.error();
    return work(**lease);
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(SqliteOptions options) {
    auto db = Connection::open(options.path, OpenMode::kWriter, options.busy_timeout);
    if (!db) return db.error();
    if (auto ok = migrate(**db); !ok) return ok.error();
    auto writer = std::make_unique<GroupCommitWriter>(std::move(*db), options.max_batch_jobs);
    auto readers = std::make_unique<ReadPool>(options.path, options.busy_timeout, options.max_idle_readers);
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(writer), std::move(readers)));
}

SqliteStore::SqliteStore(std::unique_ptr<GroupCommitWriter> writer, std::unique_ptr<ReadPool> readers)
    : writer_(std::move(writer)), readers_(std::move(readers)) {}

// Readers close first; the writer closes last, so its connection checkpoints the WAL.
SqliteStore::~SqliteStore() {
    readers_.reset();
    writer_.reset();
}

std::size_t SqliteStore::batches_committed() const { return writer_->batches_committed(); }

Result<domain::Comment> SqliteStore::insert_comment(const domain::NewComment& c) {
    return write<domain::Comment>(*writer_, [&](Connection& db) { return sqlite::insert_comment(db, c); });
}

Result<domain::Comment> SqliteStore::get_comment(domain::CommentId id) {
    return read(*readers_, [&](Connection& db) { return sqlite::get_comment(db, id); });
}

Result<CommentPage> SqliteStore::list_comments(std::string_view page, const ListQuery& q) {
    return read(*readers_, [&](Connection& db) { return sqlite::list_comments(db, page, q); });
}

Result<CommentPage> SqliteStore::list_replies(domain::CommentId parent_id, const ListQuery& q) {
    return read(*readers_, [&](Connection& db) { return sqlite::list_replies(db, parent_id, q); });
}

Result<std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>> SqliteStore::first_replies(
    const std::vector<domain::CommentId>& parent_ids, int per_parent, const domain::Viewer& viewer,
    bool all_statuses) {
    return read(*readers_, [&](Connection& db) {
        return sqlite::first_replies(db, parent_ids, per_parent, viewer, all_statuses);
    });
}

Result<std::int64_t> SqliteStore::count_approved(std::string_view page) {
    return read(*readers_, [&](Connection& db) { return sqlite::count_approved(db, page); });
}

Result<std::vector<std::int64_t>> SqliteStore::count_approved_many(const std::vector<std::string>& pages) {
    return read(*readers_, [&](Connection& db) { return sqlite::count_approved_many(db, pages); });
}

Result<domain::Comment> SqliteStore::edit_comment(domain::CommentId id, const std::string& new_text,
                                                  domain::Time at, const std::string& edited_by) {
    return write<domain::Comment>(
        *writer_, [&](Connection& db) { return sqlite::edit_comment(db, id, new_text, at, edited_by); });
}

Result<std::vector<domain::CommentEdit>> SqliteStore::edit_history(domain::CommentId id) {
    return read(*readers_, [&](Connection& db) { return sqlite::edit_history(db, id); });
}

Result<domain::Comment> SqliteStore::set_status(domain::CommentId id, domain::CommentStatus status) {
    return write<domain::Comment>(*writer_,
                                  [&](Connection& db) { return sqlite::set_status(db, id, status); });
}

Result<domain::Comment> SqliteStore::delete_comment(domain::CommentId id) {
    return write<domain::Comment>(*writer_, [&](Connection& db) { return sqlite::delete_comment(db, id); });
}

Result<domain::Article> SqliteStore::insert_article(const domain::Article& a) {
    return write<domain::Article>(*writer_, [&](Connection& db) { return sqlite::insert_article(db, a); });
}

Result<domain::Article> SqliteStore::get_article(std::string_view slug) {
    return read(*readers_, [&](Connection& db) { return sqlite::get_article(db, slug); });
}

Result<std::vector<domain::Article>> SqliteStore::list_articles(int limit) {
    return read(*readers_, [&](Connection& db) { return sqlite::list_articles(db, limit); });
}

Result<std::vector<domain::Article>> SqliteStore::articles_by_author(std::string_view author,
                                                                     std::string_view exclude_slug,
                                                                     int limit) {
    return read(*readers_,
                [&](Connection& db) { return sqlite::articles_by_author(db, author, exclude_slug, limit); });
}

Result<bool> SqliteStore::is_empty() {
    return read(*readers_, [&](Connection& db) { return sqlite::is_empty(db); });
}

Result<ExportBatch> SqliteStore::export_batch(ExportTable table, std::int64_t after_id, int limit) {
    return read(*readers_, [&](Connection& db) { return sqlite::export_batch(db, table, after_id, limit); });
}

Result<std::vector<ThreadCount>> SqliteStore::export_thread_counts(std::string_view after_page, int limit) {
    return read(*readers_, [&](Connection& db) { return sqlite::export_thread_counts(db, after_page, limit); });
}

Result<StoreSummary> SqliteStore::import_all(ImportSource& source, const ImportOptions& options) {
    return write<StoreSummary>(*writer_,
                               [&](Connection& db) { return sqlite::import_all(db, source, options); });
}

Result<StoreSummary> SqliteStore::summary() { return summarize(*this, kExportBatchRows); }

}  // namespace tribune::store::sqlite
