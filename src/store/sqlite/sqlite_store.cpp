#include "store/sqlite/sqlite_store.hpp"

#include <optional>
#include <utility>

#include <sqlite3.h>

#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store/sqlite/account_queries.hpp"
#include "store/sqlite/article_queries.hpp"
#include "store/sqlite/audit_queries.hpp"
#include "store/sqlite/ban_queries.hpp"
#include "store/sqlite/comment_reads.hpp"
#include "store/sqlite/comment_writes.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/desk_queries.hpp"
#include "store/sqlite/export_import.hpp"
#include "store/sqlite/file_checks.hpp"
#include "store/sqlite/group_commit_writer.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/policy_queries.hpp"
#include "store/sqlite/privacy.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/report_queries.hpp"
#include "store/sqlite/shm_fault_guard.hpp"
#include "store/sqlite/start_check.hpp"
#include "store/sqlite/store_health.hpp"

namespace tribune::store::sqlite {
namespace {

// Runs `work(Connection&) -> Result<T>` in the writer's next batch; the value comes back once the
// batch is durable. Refused at once while the database is damaged or its -shm failed.
template <class T, class F>
Result<T> write(GroupCommitWriter& writer, StoreHealth& health, F&& work) {
    if (auto refused = health.refuse_write()) return std::move(*refused);
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

// write() for work that returns Result<void>.
template <class F>
Result<void> write_void(GroupCommitWriter& writer, StoreHealth& health, F&& work) {
    if (auto refused = health.refuse_write()) return std::move(*refused);
    auto error = writer.run([&](Connection& db) -> std::optional<domain::Error> {
        Result<void> r = work(db);
        if (!r) return r.error();
        return std::nullopt;
    });
    if (error) return std::move(*error);
    return {};
}

// Runs `work(Connection&)` on a pooled read-only connection; refused at once when the -shm failed.
template <class F>
auto read(ReadPool& readers, StoreHealth& health, F&& work) -> decltype(work(std::declval<Connection&>())) {
    if (auto refused = health.refuse_read()) return std::move(*refused);
    auto lease = readers.acquire();
    if (!lease) return lease.error();
    return work(**lease);
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(SqliteOptions options) {
    install_shm_fault_guard();
    if (auto refused = check_database_path(options.path)) return std::move(*refused);
    auto db = Connection::open(options.path, OpenMode::kWriter, options.busy_timeout);
    if (!db) return explain_open_failure(db.error(), options.path);
    const char* file = sqlite3_db_filename((*db)->handle(), "main");
    auto health = std::make_shared<StoreHealth>(file != nullptr ? file : options.path);
    forget_damage(health->path());
    // Before any write: a damaged file is refused, not written into.
    auto check = StartCheck::run(options.path, options.busy_timeout, options.start_check_budget, health);
    if (!check) return check.error();
    if (auto ok = migrate(**db); !ok) return explain_open_failure(ok.error(), options.path);
    sqlite3* writer_handle = (*db)->handle();
    auto writer = std::make_unique<GroupCommitWriter>(std::move(*db), options.max_batch_jobs);
    auto readers = std::make_unique<ReadPool>(options.path, options.busy_timeout, options.max_idle_readers);
    return std::unique_ptr<SqliteStore>(
        new SqliteStore(std::move(writer), std::move(readers), std::move(health), writer_handle, std::move(*check)));
}

SqliteStore::SqliteStore(std::unique_ptr<GroupCommitWriter> writer, std::unique_ptr<ReadPool> readers,
                         std::shared_ptr<StoreHealth> health, sqlite3* writer_handle,
                         std::unique_ptr<StartCheck> check)
    : writer_(std::move(writer)),
      readers_(std::move(readers)),
      health_(std::move(health)),
      writer_handle_(writer_handle),
      start_check_(std::move(check)) {}

// A background check stops first; readers close next; the writer closes last, so its connection
// checkpoints the WAL.
SqliteStore::~SqliteStore() {
    start_check_.reset();
    readers_.reset();
    // After a -shm fault this process's WAL index is a private copy: a checkpoint from it could
    // write stale pages into the database file.
    if (shm_fault_seen()) sqlite3_db_config(writer_handle_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    writer_.reset();
}

std::size_t SqliteStore::batches_committed() const { return writer_->batches_committed(); }

bool SqliteStore::damaged() const { return health_->damaged(); }

Result<domain::Comment> SqliteStore::insert_comment(const domain::NewComment& c) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) { return sqlite::insert_comment(db, c); });
}

Result<domain::Comment> SqliteStore::get_comment(domain::CommentId id) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::get_comment(db, id); });
}

Result<CommentPage> SqliteStore::list_comments(std::string_view page, const ListQuery& q) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::list_comments(db, page, q); });
}

Result<CommentPage> SqliteStore::list_replies(domain::CommentId parent_id, const ListQuery& q) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::list_replies(db, parent_id, q); });
}

Result<std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>> SqliteStore::first_replies(
    const std::vector<domain::CommentId>& parent_ids, int per_parent, const domain::Viewer& viewer,
    bool all_statuses) {
    return read(*readers_, *health_, [&](Connection& db) {
        return sqlite::first_replies(db, parent_ids, per_parent, viewer, all_statuses);
    });
}

Result<std::int64_t> SqliteStore::count_approved(std::string_view page) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::count_approved(db, page); });
}

Result<std::vector<std::int64_t>> SqliteStore::count_approved_many(const std::vector<std::string>& pages) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::count_approved_many(db, pages); });
}

Result<domain::Comment> SqliteStore::edit_comment(domain::CommentId id, const std::string& new_text,
                                                  domain::Time at, const std::string& edited_by,
                                                  const std::optional<std::string>& hold_reason) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) {
        return sqlite::edit_comment(db, id, new_text, at, edited_by, hold_reason);
    });
}

Result<std::vector<domain::CommentEdit>> SqliteStore::edit_history(domain::CommentId id) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::edit_history(db, id); });
}

Result<domain::Comment> SqliteStore::set_status(domain::CommentId id, domain::CommentStatus status,
                                                const std::optional<std::string>& seen_version) {
    return write<domain::Comment>(
        *writer_, *health_, [&](Connection& db) { return sqlite::set_status(db, id, status, seen_version); });
}

Result<domain::Comment> SqliteStore::delete_comment(domain::CommentId id) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) { return sqlite::delete_comment(db, id); });
}

Result<domain::Comment> SqliteStore::set_featured(domain::CommentId id, bool featured) {
    return write<domain::Comment>(*writer_, *health_,
                                  [&](Connection& db) { return sqlite::set_featured(db, id, featured); });
}

Result<CommentPage> SqliteStore::list_queue(const QueueQuery& q) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::list_queue(db, q); });
}

Result<std::vector<std::int64_t>> SqliteStore::count_queues(const std::vector<Queue>& queues,
                                                            std::int64_t min_reports) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::count_queues(db, queues, min_reports); });
}

Result<domain::AuthorStats> SqliteStore::author_stats(const domain::AuthorKey& author) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::author_stats(db, author); });
}

Result<std::vector<std::string>> SqliteStore::recent_texts(const domain::AuthorKey& author,
                                                           domain::Time since, int limit) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::recent_texts(db, author, since, limit); });
}

Result<ReportOutcome> SqliteStore::add_report(domain::CommentId id, const std::string& reason,
                                              const std::string& reporter, const std::string& network,
                                              domain::Time at) {
    return write<ReportOutcome>(*writer_, *health_, [&](Connection& db) {
        return sqlite::add_report(db, id, reason, reporter, network, at);
    });
}

Result<std::vector<domain::Report>> SqliteStore::reports_for(domain::CommentId id) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::reports_for(db, id); });
}

Result<domain::Comment> SqliteStore::resolve_reports(domain::CommentId id) {
    return write<domain::Comment>(*writer_, *health_, [&](Connection& db) { return sqlite::resolve_reports(db, id); });
}

Result<domain::Ban> SqliteStore::insert_ban(const domain::Ban& b) {
    return write<domain::Ban>(*writer_, *health_, [&](Connection& db) { return sqlite::insert_ban(db, b); });
}

Result<std::optional<domain::Ban>> SqliteStore::find_active_ban(
    const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::find_active_ban(db, keys, now); });
}

Result<std::vector<domain::Ban>> SqliteStore::list_active_bans(domain::Time now, int limit) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::list_active_bans(db, now, limit); });
}

Result<domain::Ban> SqliteStore::lift_ban(std::int64_t id) {
    return write<domain::Ban>(*writer_, *health_, [&](Connection& db) { return sqlite::lift_ban(db, id); });
}

Result<domain::User> SqliteStore::insert_user(const domain::NewUser& u) {
    return write<domain::User>(*writer_, *health_, [&](Connection& db) { return sqlite::insert_user(db, u); });
}

Result<domain::User> SqliteStore::get_user(domain::UserId id) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::get_user(db, id); });
}

Result<domain::User> SqliteStore::find_user_by_email(std::string_view email) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::find_user_by_email(db, email); });
}

Result<std::vector<domain::User>> SqliteStore::list_users() {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::list_users(db); });
}

Result<domain::User> SqliteStore::update_user(const domain::User& u) {
    return write<domain::User>(*writer_, *health_, [&](Connection& db) { return sqlite::update_user(db, u); });
}

Result<void> SqliteStore::insert_session(const domain::Session& s) {
    return write_void(*writer_, *health_, [&](Connection& db) { return sqlite::insert_session(db, s); });
}

Result<domain::Session> SqliteStore::get_session(std::string_view token_hash, domain::Time now) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::get_session(db, token_hash, now); });
}

Result<void> SqliteStore::delete_session(std::string_view token_hash) {
    return write_void(*writer_, *health_, [&](Connection& db) { return sqlite::delete_session(db, token_hash); });
}

Result<void> SqliteStore::extend_session(std::string_view token_hash, domain::Time expires_at) {
    return write_void(*writer_, *health_,
                      [&](Connection& db) { return sqlite::extend_session(db, token_hash, expires_at); });
}

Result<void> SqliteStore::delete_user_sessions(domain::UserId user_id) {
    return write_void(*writer_, *health_, [&](Connection& db) { return sqlite::delete_user_sessions(db, user_id); });
}

Result<domain::AuditEntry> SqliteStore::append_audit(const domain::AuditEntry& e) {
    return write<domain::AuditEntry>(*writer_, *health_, [&](Connection& db) { return sqlite::append_audit(db, e); });
}

Result<std::vector<domain::AuditEntry>> SqliteStore::list_audit(std::optional<std::int64_t> before_id,
                                                                int limit, std::string_view target) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::list_audit(db, before_id, limit, target); });
}

Result<std::optional<domain::ThreadPolicy>> SqliteStore::get_thread_policy(std::string_view page) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::get_thread_policy(db, page); });
}

Result<void> SqliteStore::put_thread_policy(const domain::ThreadPolicy& p) {
    return write_void(*writer_, *health_, [&](Connection& db) { return sqlite::put_thread_policy(db, p); });
}

Result<std::optional<domain::Time>> SqliteStore::first_comment_at(std::string_view page) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::first_comment_at(db, page); });
}

Result<std::optional<std::string>> SqliteStore::get_setting(std::string_view key) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::get_setting(db, key); });
}

Result<void> SqliteStore::put_setting(std::string_view key, std::string_view value) {
    return write_void(*writer_, *health_, [&](Connection& db) { return sqlite::put_setting(db, key, value); });
}

Result<AuthorData> SqliteStore::author_data(const domain::AuthorKey& author, const std::string& reporter) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::author_data(db, author, reporter); });
}

Result<EraseSummary> SqliteStore::erase_author(const domain::AuthorKey& author, const std::string& reporter) {
    return write<EraseSummary>(*writer_, *health_,
                               [&](Connection& db) { return sqlite::erase_author(db, author, reporter); });
}

Result<domain::Article> SqliteStore::insert_article(const domain::Article& a) {
    return write<domain::Article>(*writer_, *health_, [&](Connection& db) { return sqlite::insert_article(db, a); });
}

Result<domain::Article> SqliteStore::get_article(std::string_view slug) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::get_article(db, slug); });
}

Result<std::vector<domain::Article>> SqliteStore::list_articles(int limit) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::list_articles(db, limit); });
}

Result<std::vector<domain::Article>> SqliteStore::articles_by_author(std::string_view author,
                                                                     std::string_view exclude_slug,
                                                                     int limit) {
    return read(*readers_, *health_,
                [&](Connection& db) { return sqlite::articles_by_author(db, author, exclude_slug, limit); });
}

Result<bool> SqliteStore::is_empty() {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::is_empty(db); });
}

Result<ExportBatch> SqliteStore::export_batch(ExportTable table, std::int64_t after_id, int limit) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::export_batch(db, table, after_id, limit); });
}

Result<std::vector<ThreadCount>> SqliteStore::export_thread_counts(std::string_view after_page, int limit) {
    return read(*readers_, *health_, [&](Connection& db) { return sqlite::export_thread_counts(db, after_page, limit); });
}

Result<StoreSummary> SqliteStore::import_all(ImportSource& source, const ImportOptions& options) {
    return write<StoreSummary>(*writer_, *health_,
                               [&](Connection& db) { return sqlite::import_all(db, source, options); });
}

Result<StoreSummary> SqliteStore::summary() { return summarize(*this, kExportBatchRows); }

}  // namespace tribune::store::sqlite
