#pragma once
// The scale-out Store: PostgreSQL 15 through a pool of libpq connections.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "store/postgres/retry_policy.hpp"
#include "store/store.hpp"

namespace tribune::store::postgres {

class ConnectionPool;

/// Where a PgStore connects and how it pools and retries.
struct PgOptions {
    std::string conninfo;  // a libpq URL (postgres://user:pass@host:port/db) or key=value string
    std::size_t pool_size = 16;                         // connections at most, opened on demand
    std::chrono::milliseconds checkout_timeout{5000};  // waiting for a free connection
    std::chrono::seconds connect_timeout{5};
    RetryPolicy retry;
};

/// Store on PostgreSQL, with the same semantics as SqliteStore. Every write is one READ
/// COMMITTED transaction that row-locks what it changes, committed with synchronous_commit on
/// before it returns. Reads are single statements. Transient failures (lost connection, server
/// restart, serialization failure, deadlock) are retried within `retry`, then reported as
/// kUnavailable; broken connections are replaced on later calls. Several PgStores, in one
/// process or on several nodes, may share a database. Thread-safe; every call blocks.
class PgStore final : public Store {
public:
    /// Connects, and applies missing migrations under an advisory lock.
    /// Errors: kUnavailable when the server cannot be reached or the schema cannot be migrated.
    static Result<std::unique_ptr<PgStore>> open(PgOptions options);

    /// Closes every connection. No call may be in flight.
    ~PgStore() override;

    // CommentStore, in postgres/comment_store.cpp.
    Result<domain::Comment> insert_comment(const domain::NewComment& c) override;
    Result<domain::Comment> get_comment(domain::CommentId id) override;
    Result<CommentPage> list_comments(std::string_view page, const ListQuery& q) override;
    Result<CommentPage> list_replies(domain::CommentId parent_id, const ListQuery& q) override;
    Result<std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>> first_replies(
        const std::vector<domain::CommentId>& parent_ids, int per_parent, const domain::Viewer& viewer,
        bool all_statuses) override;
    Result<std::int64_t> count_approved(std::string_view page) override;
    Result<std::vector<std::int64_t>> count_approved_many(const std::vector<std::string>& pages) override;
    Result<domain::Comment> edit_comment(domain::CommentId id, const std::string& new_text, domain::Time at,
                                         const std::string& edited_by,
                                         const std::optional<std::string>& hold_reason) override;
    Result<std::vector<domain::CommentEdit>> edit_history(domain::CommentId id) override;
    Result<domain::Comment> set_status(domain::CommentId id, domain::CommentStatus status,
                                       const std::optional<std::string>& seen_version) override;
    Result<domain::Comment> delete_comment(domain::CommentId id) override;
    Result<domain::Comment> set_featured(domain::CommentId id, bool featured) override;

    // ModerationStore, in postgres/moderation_store.cpp.
    Result<CommentPage> list_queue(const QueueQuery& q) override;
    Result<std::vector<std::int64_t>> count_queues(const std::vector<Queue>& queues,
                                                   std::int64_t min_reports) override;
    Result<domain::AuthorStats> author_stats(const domain::AuthorKey& author) override;
    Result<std::vector<std::string>> recent_texts(const domain::AuthorKey& author, domain::Time since,
                                                  int limit) override;
    Result<ReportOutcome> add_report(domain::CommentId id, const std::string& reason, const std::string& reporter,
                                     const std::string& network, domain::Time at) override;
    Result<std::vector<domain::Report>> reports_for(domain::CommentId id) override;
    Result<domain::Comment> resolve_reports(domain::CommentId id) override;
    Result<domain::Ban> insert_ban(const domain::Ban& b) override;
    Result<std::optional<domain::Ban>> find_active_ban(
        const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) override;
    Result<std::vector<domain::Ban>> list_active_bans(domain::Time now, int limit) override;
    Result<domain::Ban> lift_ban(std::int64_t id) override;
    Result<domain::AuditEntry> append_audit(const domain::AuditEntry& e) override;
    Result<std::vector<domain::AuditEntry>> list_audit(std::optional<std::int64_t> before_id, int limit,
                                                       std::string_view target) override;

    // AccountStore, in postgres/account_store.cpp.
    Result<domain::User> insert_user(const domain::NewUser& u) override;
    Result<domain::User> get_user(domain::UserId id) override;
    Result<domain::User> find_user_by_email(std::string_view email) override;
    Result<std::vector<domain::User>> list_users() override;
    Result<domain::User> update_user(const domain::User& u) override;
    Result<void> insert_session(const domain::Session& s) override;
    Result<domain::Session> get_session(std::string_view token_hash, domain::Time now) override;
    Result<void> delete_session(std::string_view token_hash) override;
    Result<void> extend_session(std::string_view token_hash, domain::Time expires_at) override;
    Result<void> delete_user_sessions(domain::UserId user_id) override;

    // NoticeStore, in postgres/notice_store.cpp.
    Result<void> add_notice(std::string_view page, domain::CommentId comment_id, std::string_view change,
                            domain::Time at) override;
    Result<std::vector<ChangeNotice>> take_notices(int limit) override;

    // PolicyStore, in postgres/policy_store.cpp.
    Result<std::optional<domain::ThreadPolicy>> get_thread_policy(std::string_view page) override;
    Result<void> put_thread_policy(const domain::ThreadPolicy& p) override;
    Result<std::optional<domain::Time>> first_comment_at(std::string_view page) override;
    Result<std::optional<std::string>> get_setting(std::string_view key) override;
    Result<void> put_setting(std::string_view key, std::string_view value) override;

    // PrivacyStore, in postgres/privacy_store.cpp.
    Result<AuthorData> author_data(const domain::AuthorKey& author, const std::string& reporter) override;
    Result<EraseSummary> erase_author(const domain::AuthorKey& author, const std::string& reporter) override;

    // ArticleStore, in postgres/article_store.cpp.
    Result<domain::Article> save_article(const ArticleSave& save) override;
    Result<domain::Article> get_article(std::string_view slug) override;
    Result<domain::Article> article_for_page(std::string_view page) override;
    Result<std::optional<std::string>> article_redirect(std::string_view old_slug) override;
    Result<std::vector<domain::Article>> list_articles(const ArticleQuery& query) override;
    Result<std::vector<SearchHit>> search_articles(const SearchQuery& query) override;
    Result<std::vector<ArticleRevision>> article_revisions(std::int64_t article_id, int limit) override;
    Result<ArticleRevision> article_revision(std::int64_t article_id, std::int32_t number) override;
    Result<AuthorProfile> get_author(std::string_view slug) override;
    Result<domain::NamedRef> get_section(std::string_view slug) override;
    Result<domain::NamedRef> get_tag(std::string_view slug) override;
    Result<AuthorProfile> author_for_user(std::int64_t user_id, std::string_view name, std::string_view slug) override;
    Result<AuthorProfile> save_author(const AuthorProfile& profile) override;
    Result<std::vector<AuthorProfile>> list_authors(std::string_view after_slug, int limit) override;

    // MediaStore, in postgres/media_store.cpp.
    Result<MediaPut> put_media(const MediaItem& item, std::string_view bytes) override;
    Result<MediaItem> get_media(std::string_view hash) override;
    Result<std::vector<MediaItem>> media_variants(std::string_view hash) override;
    Result<std::optional<std::string>> media_file(std::string_view hash) override;
    Result<std::string> read_media(std::string_view hash, std::int64_t offset, std::int64_t length) override;
    Result<std::vector<MediaItem>> list_media(std::string_view after_hash, int limit) override;
    // ArticleStore's live coverage and corrections, in postgres/coverage_store.cpp.
    Result<void> set_article_live(std::int64_t article_id, bool live) override;
    Result<domain::Correction> add_correction(std::int64_t article_id, const domain::Correction& correction) override;
    Result<domain::LiveUpdate> add_live_update(const domain::LiveUpdate& update) override;
    Result<domain::LiveUpdate> get_live_update(std::int64_t article_id, std::int64_t id) override;
    Result<domain::LiveUpdate> edit_live_update(const domain::LiveUpdate& update) override;
    Result<void> delete_live_update(std::int64_t article_id, std::int64_t id) override;
    Result<std::vector<domain::LiveUpdate>> live_updates(const LiveUpdateQuery& query) override;
    // ImportStore, in postgres/import_store.cpp.
    Result<std::int64_t> remember_threads(std::string_view source, const std::vector<ImportedThread>& threads) override;
    Result<std::vector<std::optional<std::string>>> thread_pages(std::string_view source,
                                                                 const std::vector<std::string>& ids) override;
    Result<std::vector<std::optional<domain::CommentId>>> imported_comments(std::string_view source,
                                                                            const std::vector<std::string>& ids) override;
    Result<std::vector<ImportedCommentResult>> add_imported_comments(
        std::string_view source, const std::vector<ImportedComment>& comments) override;
    Result<std::vector<PendingParent>> pending_parents(std::string_view source, domain::CommentId after,
                                                       int limit) override;
    Result<bool> settle_parent(std::string_view source, const PendingParent& pending) override;
    Result<bool> remember_item(std::string_view source, std::string_view kind, std::string_view source_id,
                               const RememberedItem& item) override;
    Result<std::optional<RememberedItem>> remembered_item(std::string_view source, std::string_view kind,
                                                          std::string_view source_id) override;
    Result<bool> add_path_redirect(const PathRedirect& redirect) override;
    Result<std::optional<std::string>> path_redirect(std::string_view path) override;
    Result<std::string> kept_email(domain::CommentId id) override;

    // ArticleStore's review requests, in postgres/review_store.cpp.
    Result<void> set_review_request(std::int64_t article_id,
                                    const std::optional<domain::ReviewRequest>& request) override;
    Result<std::optional<domain::ReviewRequest>> review_request(std::int64_t article_id) override;

    // OutboxStore, in postgres/outbox_store.cpp.
    Result<WebhookEndpoint> add_webhook(const WebhookEndpoint& endpoint) override;
    Result<WebhookEndpoint> get_webhook(std::int64_t id) override;
    Result<std::vector<WebhookEndpoint>> list_webhooks() override;
    Result<WebhookEndpoint> update_webhook(const WebhookEndpoint& endpoint) override;
    Result<void> delete_webhook(std::int64_t id) override;
    Result<void> record_event(const OutboxEvent& event) override;
    Result<OutboxMessage> enqueue_message(const NewOutboxMessage& message) override;
    Result<int> fan_out_events(int limit, domain::Time now) override;
    Result<std::vector<OutboxMessage>> claim_messages(std::string_view owner, int limit, domain::Time now,
                                                      std::chrono::seconds lease, bool with_mail = true) override;
    Result<AttemptRecorded> finish_attempt(std::int64_t message_id, std::string_view owner,
                                           const AttemptOutcome& outcome, int disable_after_failures) override;
    Result<std::vector<OutboxMessage>> list_messages(const MessageQuery& query) override;
    Result<OutboxMessage> get_message(std::int64_t id) override;
    Result<OutboxMessage> retry_message(std::int64_t id, domain::Time now) override;
    Result<OutboxMessage> hold_message(std::int64_t id, std::string_view owner, domain::Time until) override;
    Result<std::vector<WebhookDelivery>> list_deliveries(std::int64_t endpoint_id, std::optional<std::int64_t> before_id,
                                                         int limit) override;
    Result<std::int64_t> prune_outbox(domain::Time before) override;
    Result<OutboxCounts> outbox_counts() override;

    // NotificationStore, in postgres/notification_store.cpp.
    Result<std::optional<MailAddressState>> mail_address(std::string_view email) override;
    Result<MailAddressState> confirm_mail_address(std::string_view email, domain::Time at) override;
    Result<void> unsubscribe_mail_address(std::string_view email, domain::Time at) override;
    Result<void> unsubscribe_thread(std::string_view email, std::string_view page, domain::Time at) override;
    Result<bool> thread_unsubscribed(std::string_view email, std::string_view page) override;
    Result<StaffMailPrefs> staff_mail_prefs(domain::UserId user_id) override;
    Result<StaffMailPrefs> set_staff_mail_prefs(const StaffMailPrefs& prefs) override;
    Result<std::vector<StaffMailPrefs>> due_staff_digests(domain::Time now) override;
    Result<ModerationWork> moderation_work_since(std::optional<domain::Time> since) override;
    Result<bool> mark_staff_digest(domain::UserId user_id, domain::Time covered_until,
                                   std::optional<domain::Time> previous) override;
    Result<std::int64_t> mails_sent_to(std::string_view recipient, domain::Time since) override;

    // IdentityStore, in postgres/identity_store.cpp.
    Result<SignInRequest> insert_sign_in_request(const SignInRequest& request) override;
    Result<std::optional<SignInRequest>> pending_sign_in_request(std::int64_t id, domain::Time now) override;
    Result<SignInRequest> take_sign_in_request(std::string_view token_hash, SignInKind kind,
                                               domain::Time now) override;
    Result<std::int64_t> count_sign_in_requests(SignInKind kind, std::string_view subject,
                                                domain::Time since) override;
    Result<ExternalSignIn> sign_in_by_email(std::string_view email, std::string_view default_name,
                                            domain::Time now) override;
    Result<ExternalSignIn> sign_in_external(const ExternalProfile& profile, domain::Time now) override;
    Result<std::vector<std::pair<std::string, std::string>>> external_identities(domain::UserId user_id) override;
    Result<std::vector<std::string>> claim_comments(domain::UserId user_id, std::string_view token_hash) override;
    Result<std::vector<std::string>> rename_account(domain::UserId user_id, std::string_view name) override;
    Result<std::vector<OwnComment>> account_comments(domain::UserId user_id, int limit,
                                                     std::optional<std::int64_t> before_id) override;

    // TransferStore, in postgres/transfer_store.cpp.
    Result<bool> is_empty() override;
    Result<ExportBatch> export_batch(ExportTable table, std::int64_t after_id, int limit) override;
    Result<void> in_export_snapshot(const std::function<Result<void>(ExportReader&)>& body) override;
    Result<std::vector<ThreadCount>> export_thread_counts(std::string_view after_page, int limit) override;
    /// One transaction, tried once: the source cannot be read twice.
    Result<StoreSummary> import_all(ImportSource& source, const ImportOptions& options) override;
    Result<StoreSummary> summary() override;

    /// Connections open now (idle or in use); for tests and metrics.
    std::size_t open_connections() const;

private:
    PgStore(std::unique_ptr<ConnectionPool> pool, RetryPolicy retry);

    std::unique_ptr<ConnectionPool> pool_;
    RetryPolicy retry_;
};

}  // namespace tribune::store::postgres
