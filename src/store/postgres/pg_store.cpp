#include "store/postgres/pg_store.hpp"

#include <utility>

#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"
#include "store/postgres/account_queries.hpp"
#include "store/postgres/article_queries.hpp"
#include "store/postgres/audit_queries.hpp"
#include "store/postgres/ban_queries.hpp"
#include "store/postgres/comment_reads.hpp"
#include "store/postgres/comment_writes.hpp"
#include "store/postgres/connection.hpp"
#include "store/postgres/connection_pool.hpp"
#include "store/postgres/desk_queries.hpp"
#include "store/postgres/export_import.hpp"
#include "store/postgres/migrations.hpp"
#include "store/postgres/policy_queries.hpp"
#include "store/postgres/privacy.hpp"
#include "store/postgres/report_queries.hpp"
#include "store/postgres/transaction.hpp"

namespace tribune::store::postgres {

using domain::Comment;

namespace {

// run_write for work that returns Result<void>: run_write carries a value, so an empty one.
template <class F>
Result<void> run_write_void(ConnectionPool& pool, const RetryPolicy& retry, F&& work) {
    struct Done {};
    auto r = run_write<Done>(pool, retry, [&](Connection& db) -> Result<Done> {
        if (auto ok = work(db); !ok) return ok.error();
        return Done{};
    });
    if (!r) return r.error();
    return {};
}

}  // namespace

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
                                      const std::string& edited_by, const std::optional<std::string>& hold_reason) {
    return run_write<Comment>(*pool_, retry_, [&](Connection& db) {
        return postgres::edit_comment(db, id, new_text, at, edited_by, hold_reason);
    });
}

Result<std::vector<domain::CommentEdit>> PgStore::edit_history(domain::CommentId id) {
    return run_read<std::vector<domain::CommentEdit>>(
        *pool_, retry_, [&](Connection& db) { return postgres::edit_history(db, id); });
}

Result<Comment> PgStore::set_status(domain::CommentId id, domain::CommentStatus status,
                                    const std::optional<std::string>& seen_version) {
    return run_write<Comment>(*pool_, retry_,
                              [&](Connection& db) { return postgres::set_status(db, id, status, seen_version); });
}

Result<Comment> PgStore::delete_comment(domain::CommentId id) {
    return run_write<Comment>(*pool_, retry_, [&](Connection& db) { return postgres::delete_comment(db, id); });
}

Result<Comment> PgStore::set_featured(domain::CommentId id, bool featured) {
    return run_write<Comment>(*pool_, retry_,
                              [&](Connection& db) { return postgres::set_featured(db, id, featured); });
}

Result<CommentPage> PgStore::list_queue(const QueueQuery& q) {
    return run_read<CommentPage>(*pool_, retry_, [&](Connection& db) { return postgres::list_queue(db, q); });
}

Result<std::vector<std::int64_t>> PgStore::count_queues(const std::vector<Queue>& queues,
                                                        std::int64_t min_reports) {
    return run_read<std::vector<std::int64_t>>(
        *pool_, retry_, [&](Connection& db) { return postgres::count_queues(db, queues, min_reports); });
}

Result<domain::AuthorStats> PgStore::author_stats(const domain::AuthorKey& author) {
    return run_read<domain::AuthorStats>(*pool_, retry_,
                                         [&](Connection& db) { return postgres::author_stats(db, author); });
}

Result<std::vector<std::string>> PgStore::recent_texts(const domain::AuthorKey& author, domain::Time since,
                                                       int limit) {
    return run_read<std::vector<std::string>>(
        *pool_, retry_, [&](Connection& db) { return postgres::recent_texts(db, author, since, limit); });
}

Result<ReportOutcome> PgStore::add_report(domain::CommentId id, const std::string& reason,
                                          const std::string& reporter, const std::string& network, domain::Time at) {
    return run_write<ReportOutcome>(*pool_, retry_, [&](Connection& db) {
        return postgres::add_report(db, id, reason, reporter, network, at);
    });
}

Result<std::vector<domain::Report>> PgStore::reports_for(domain::CommentId id) {
    return run_read<std::vector<domain::Report>>(*pool_, retry_,
                                                 [&](Connection& db) { return postgres::reports_for(db, id); });
}

Result<Comment> PgStore::resolve_reports(domain::CommentId id) {
    return run_write<Comment>(*pool_, retry_, [&](Connection& db) { return postgres::resolve_reports(db, id); });
}

Result<domain::Ban> PgStore::insert_ban(const domain::Ban& b) {
    return run_write<domain::Ban>(*pool_, retry_, [&](Connection& db) { return postgres::insert_ban(db, b); });
}

Result<std::optional<domain::Ban>> PgStore::find_active_ban(
    const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) {
    return run_read<std::optional<domain::Ban>>(
        *pool_, retry_, [&](Connection& db) { return postgres::find_active_ban(db, keys, now); });
}

Result<std::vector<domain::Ban>> PgStore::list_active_bans(domain::Time now, int limit) {
    return run_read<std::vector<domain::Ban>>(
        *pool_, retry_, [&](Connection& db) { return postgres::list_active_bans(db, now, limit); });
}

Result<domain::Ban> PgStore::lift_ban(std::int64_t id) {
    return run_write<domain::Ban>(*pool_, retry_, [&](Connection& db) { return postgres::lift_ban(db, id); });
}

Result<domain::User> PgStore::insert_user(const domain::NewUser& u) {
    return run_write<domain::User>(*pool_, retry_, [&](Connection& db) { return postgres::insert_user(db, u); });
}

Result<domain::User> PgStore::get_user(domain::UserId id) {
    return run_read<domain::User>(*pool_, retry_, [&](Connection& db) { return postgres::get_user(db, id); });
}

Result<domain::User> PgStore::find_user_by_email(std::string_view email) {
    return run_read<domain::User>(*pool_, retry_,
                                  [&](Connection& db) { return postgres::find_user_by_email(db, email); });
}

Result<std::vector<domain::User>> PgStore::list_users() {
    return run_read<std::vector<domain::User>>(*pool_, retry_,
                                               [&](Connection& db) { return postgres::list_users(db); });
}

Result<domain::User> PgStore::update_user(const domain::User& u) {
    return run_write<domain::User>(*pool_, retry_, [&](Connection& db) { return postgres::update_user(db, u); });
}

Result<void> PgStore::insert_session(const domain::Session& s) {
    return run_write_void(*pool_, retry_, [&](Connection& db) { return postgres::insert_session(db, s); });
}

Result<domain::Session> PgStore::get_session(std::string_view token_hash, domain::Time now) {
    return run_read<domain::Session>(*pool_, retry_,
                                     [&](Connection& db) { return postgres::get_session(db, token_hash, now); });
}

Result<void> PgStore::delete_session(std::string_view token_hash) {
    return run_write_void(*pool_, retry_,
                           [&](Connection& db) { return postgres::delete_session(db, token_hash); });
}

Result<void> PgStore::extend_session(std::string_view token_hash, domain::Time expires_at) {
    return run_write_void(*pool_, retry_,
                          [&](Connection& db) { return postgres::extend_session(db, token_hash, expires_at); });
}

Result<void> PgStore::delete_user_sessions(domain::UserId user_id) {
    return run_write_void(*pool_, retry_,
                           [&](Connection& db) { return postgres::delete_user_sessions(db, user_id); });
}

Result<domain::AuditEntry> PgStore::append_audit(const domain::AuditEntry& e) {
    return run_write<domain::AuditEntry>(*pool_, retry_,
                                         [&](Connection& db) { return postgres::append_audit(db, e); });
}

Result<std::vector<domain::AuditEntry>> PgStore::list_audit(std::optional<std::int64_t> before_id, int limit,
                                                            std::string_view target) {
    return run_read<std::vector<domain::AuditEntry>>(
        *pool_, retry_, [&](Connection& db) { return postgres::list_audit(db, before_id, limit, target); });
}

Result<std::optional<domain::ThreadPolicy>> PgStore::get_thread_policy(std::string_view page) {
    return run_read<std::optional<domain::ThreadPolicy>>(
        *pool_, retry_, [&](Connection& db) { return postgres::get_thread_policy(db, page); });
}

Result<void> PgStore::put_thread_policy(const domain::ThreadPolicy& p) {
    return run_write_void(*pool_, retry_,
                           [&](Connection& db) { return postgres::put_thread_policy(db, p); });
}

Result<std::optional<domain::Time>> PgStore::first_comment_at(std::string_view page) {
    return run_read<std::optional<domain::Time>>(
        *pool_, retry_, [&](Connection& db) { return postgres::first_comment_at(db, page); });
}

Result<std::optional<std::string>> PgStore::get_setting(std::string_view key) {
    return run_read<std::optional<std::string>>(*pool_, retry_,
                                                [&](Connection& db) { return postgres::get_setting(db, key); });
}

Result<void> PgStore::put_setting(std::string_view key, std::string_view value) {
    return run_write_void(*pool_, retry_,
                           [&](Connection& db) { return postgres::put_setting(db, key, value); });
}

Result<AuthorData> PgStore::author_data(const domain::AuthorKey& author, const std::string& reporter) {
    return run_read<AuthorData>(*pool_, retry_,
                                [&](Connection& db) { return postgres::author_data(db, author, reporter); });
}

Result<EraseSummary> PgStore::erase_author(const domain::AuthorKey& author, const std::string& reporter) {
    return run_write<EraseSummary>(*pool_, retry_,
                                   [&](Connection& db) { return postgres::erase_author(db, author, reporter); });
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
