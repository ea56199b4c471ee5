#pragma once
// The Store interface: everything Tribune keeps. Implemented by SqliteStore (embedded default)
// and, for scale-out, PgStore. Every call blocks: call it from the worker pool, never an I/O thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/cursor.hpp"
#include "domain/error.hpp"
#include "domain/moderation.hpp"
#include "domain/viewer.hpp"

namespace tribune::store {

using domain::Result;

/// Which comments a list shows. kDefault: approved comments, tombstones of deleted comments
/// that still have approved replies, and the viewer's own pending comments (by author token hash
/// or user id). The others are moderators' views of one status, or of every status (kAll).
enum class StatusFilter { kDefault, kPending, kRejected, kSpam, kAll };

/// A keyset query over top-level comments of one page, or over the replies of one comment.
struct ListQuery {
    domain::SortOrder order = domain::SortOrder::kOldest;
    std::optional<domain::CommentId> after_id;  // strictly after this id in `order`
    int limit = 20;                             // 1..100, checked by the caller
    domain::Viewer viewer;
    StatusFilter filter = StatusFilter::kDefault;
};

/// The moderation desk's queues. kReported: comments with at least `min_reports` open
/// reports, whatever their status; the others: comments of that status.
enum class Queue { kPending, kReported, kApproved, kRejected, kSpam, kDeleted };

/// A keyset query over the whole store for the desk, newest first by default.
struct QueueQuery {
    Queue queue = Queue::kPending;
    domain::SortOrder order = domain::SortOrder::kNewest;
    std::optional<domain::CommentId> after_id;  // strictly after this id in `order`
    int limit = 50;                             // 1..200, checked by the caller
    std::string text_contains;                  // case-insensitive (ASCII) substring; empty: any
    std::string author_contains;                // same, on the author's name
    std::string page;                           // one thread only; empty: every thread
    std::int64_t min_reports = 1;               // kReported only
};

/// One page of a keyset list. `has_more` tells whether a next page exists; it starts after the
/// last comment of this one.
struct CommentPage {
    std::vector<domain::Comment> comments;
    bool has_more = false;
};

// Whole-store export and import (`tribune migrate-store`).
//
// A store is exported table by table in kExportTables order, each table in id order, in
// batches, so a million comments never sit in memory at once. Tables keyed by text rather than
// by id (thread_policies by page, settings by key) are small, a row per thread with overrides and
// a handful of settings: each comes whole in one batch, in key byte order (keyed_export()).
// Sessions are not exported: logins start afresh on the new store. Adding a table is one more
// step through the same places, and the compiler points at each:
//   1. its row type as another alternative of ExportBatch, and its ExportTable before the tables
//      that refer to it (parents before children);
//   2. in each engine, its export query (export_batch) and its insert (the import's visitor,
//      which std::visit refuses to compile without);
//   3. in store/common/summary.cpp, its canonical form (hash_row) and its StoreSummary count.

/// One exported comment: every stored field (id, parent id, author, token hash, status, times,
/// reply_count) and its edit history, oldest first.
struct CommentRecord {
    domain::Comment comment;
    std::vector<domain::CommentEdit> edits;
};

/// The tables a whole-store export walks, in import order: a row's references come before it
/// (reports refer to comments; comments.author_user_id and audit actors name users, without a
/// foreign key, but users still come first).
enum class ExportTable { kArticles, kUsers, kComments, kReports, kBans, kAudit, kThreadPolicies, kSettings };
inline constexpr std::array kExportTables{ExportTable::kArticles, ExportTable::kUsers,
                                          ExportTable::kComments, ExportTable::kReports,
                                          ExportTable::kBans,     ExportTable::kAudit,
                                          ExportTable::kThreadPolicies, ExportTable::kSettings};

/// True for the tables keyed by text (thread_policies, settings): export_batch returns the whole
/// table in key byte order for after_id 0, and nothing for any other after_id.
constexpr bool keyed_export(ExportTable table) {
    return table == ExportTable::kThreadPolicies || table == ExportTable::kSettings;
}

/// One install-wide setting (key/value text), e.g. the moderation policy set from the desk.
struct Setting {
    std::string key;
    std::string value;
    bool operator==(const Setting&) const = default;
};

/// Rows of one table, in id order (keyed tables: key byte order). Users keep every stored field,
/// password_hash included, so staff log in on the copy as before.
using ExportBatch =
    std::variant<std::vector<domain::Article>, std::vector<domain::User>, std::vector<CommentRecord>,
                 std::vector<domain::Report>, std::vector<domain::Ban>, std::vector<domain::AuditEntry>,
                 std::vector<domain::ThreadPolicy>, std::vector<Setting>>;

/// A page's stored count of approved comments (what count_approved answers).
struct ThreadCount {
    std::string page;
    std::int64_t approved = 0;
    bool operator==(const ThreadCount&) const = default;
};

/// Where Store::import_all takes its rows from: every table of kExportTables in order, each in id
/// order, batch by batch. store/common/store_export.hpp reads them from another Store.
class ImportSource {
public:
    virtual ~ImportSource() = default;
    /// The next batch, or nullopt once every table is done. Errors: the source's own.
    virtual Result<std::optional<ExportBatch>> next() = 0;
};

/// How import_all treats a target that already holds something.
struct ImportOptions {
    bool replace_existing = false;  // empty it first (in the import's transaction); else refuse
};

/// What an import stored, or a store holds: rows per table, and a checksum over the canonical
/// content (store/common/summary.hpp), the same on every engine for the same content.
struct StoreSummary {
    std::int64_t articles = 0;
    std::int64_t comments = 0;
    std::int64_t comment_edits = 0;
    std::int64_t threads = 0;  // pages with at least one approved comment
    std::int64_t users = 0;
    std::int64_t reports = 0;
    std::int64_t bans = 0;
    std::int64_t audit_entries = 0;
    std::int64_t thread_policies = 0;
    std::int64_t settings = 0;
    std::uint64_t checksum = 0;
    bool operator==(const StoreSummary&) const = default;
};

/// What one report did to its comment.
struct ReportOutcome {
    domain::Report report;
    domain::Comment comment;  // with open_reports counting this report
};

/// Everything stored about one commenter (privacy export).
struct AuthorData {
    std::optional<domain::User> user;
    std::vector<CommentRecord> comments;       // id order, with edit history
    std::vector<domain::Report> reports_filed;  // reports whose reporter is this author
    std::vector<domain::Ban> bans;              // bans on the author's account or token
};

/// What the audit log names as the actor of entries made by an account since erased.
inline constexpr std::string_view kErasedActor = "erased account";

/// What erasing a commenter changed.
struct EraseSummary {
    std::int64_t comments = 0;       // comments made tombstones (or already deleted and scrubbed)
    std::int64_t reports = 0;        // reports they filed, removed
    std::int64_t audit_entries = 0;  // audit entries whose before/after text was scrubbed
    bool user_removed = false;
};

class Store {
public:
    virtual ~Store() = default;

    // Comments.

    /// Stores a new comment and returns it with its id. Durable (committed and synced) before it
    /// returns. An approved comment counts toward its page's total and its parent's reply_count.
    /// Errors: kUnavailable when the database is busy or unreachable.
    virtual Result<domain::Comment> insert_comment(const domain::NewComment& c) = 0;

    /// The comment with `id`, whatever its status. Errors: kNotFound.
    virtual Result<domain::Comment> get_comment(domain::CommentId id) = 0;

    /// Top-level comments of `page`, keyset-paged. An unknown page is an empty list.
    virtual Result<CommentPage> list_comments(std::string_view page, const ListQuery& q) = 0;

    /// Replies of comment `parent_id`, keyset-paged (q.filter applies as for list_comments).
    virtual Result<CommentPage> list_replies(domain::CommentId parent_id, const ListQuery& q) = 0;

    /// For each parent, its first `per_parent + 1` replies oldest first, visible under
    /// StatusFilter::kDefault for `viewer` (or every status when `all_statuses`), in one call.
    /// Returns (parent id, replies) pairs in the order of `parent_ids`.
    virtual Result<std::vector<std::pair<domain::CommentId, std::vector<domain::Comment>>>> first_replies(
        const std::vector<domain::CommentId>& parent_ids, int per_parent, const domain::Viewer& viewer,
        bool all_statuses) = 0;

    /// Approved comments on `page` (top-level and replies); 0 for an unknown page. O(1).
    virtual Result<std::int64_t> count_approved(std::string_view page) = 0;

    /// count_approved for several pages at once, in the order given.
    virtual Result<std::vector<std::int64_t>> count_approved_many(const std::vector<std::string>& pages) = 0;

    /// Replaces the text, keeps the old one in the edit history, sets edited_at. With
    /// `hold_reason`, in the same transaction, an approved comment goes back to pending (counts
    /// kept right) and a pending one stays so, with that reason for the moderators: the new text
    /// needs a look before readers see it. Errors: kNotFound; kConflict when deleted.
    virtual Result<domain::Comment> edit_comment(domain::CommentId id, const std::string& new_text,
                                                 domain::Time at, const std::string& edited_by,
                                                 const std::optional<std::string>& hold_reason) = 0;

    /// Earlier texts of a comment, oldest first. Errors: kNotFound.
    virtual Result<std::vector<domain::CommentEdit>> edit_history(domain::CommentId id) = 0;

    /// Moves a comment to `status` (not kDeleted), keeping counts right. With `seen_version`, only
    /// while the text is still that version (domain::text_version), checked in the same
    /// transaction. Errors: kNotFound; kConflict when deleted or the text changed since.
    virtual Result<domain::Comment> set_status(domain::CommentId id, domain::CommentStatus status,
                                               const std::optional<std::string>& seen_version) = 0;

    /// Deletes a comment: status kDeleted, text and author name cleared, counts kept right. It
    /// stays as a tombstone in lists while it has approved replies. Errors: kNotFound.
    virtual Result<domain::Comment> delete_comment(domain::CommentId id) = 0;

    /// Marks a comment featured (or not). Errors: kNotFound.
    virtual Result<domain::Comment> set_featured(domain::CommentId id, bool featured) = 0;

    // The moderation desk.

    /// Comments of one queue across every thread (or q.page), keyset-paged by id.
    virtual Result<CommentPage> list_queue(const QueueQuery& q) = 0;

    /// How many comments each queue holds, in the order given (kReported with `min_reports`).
    virtual Result<std::vector<std::int64_t>> count_queues(const std::vector<Queue>& queues,
                                                           std::int64_t min_reports) = 0;

    /// The commenter's comments by status (all threads).
    virtual Result<domain::AuthorStats> author_stats(const domain::AuthorKey& author) = 0;

    /// Texts of the author's comments created at or after `since`, newest first, at most `limit`
    /// (duplicate detection).
    virtual Result<std::vector<std::string>> recent_texts(const domain::AuthorKey& author, domain::Time since,
                                                          int limit) = 0;

    // Reports.

    /// Files a report and adds one to the comment's open_reports. `reporter` names who filed it
    /// (for their privacy export); `network`, when not empty, is where an anonymous reporter
    /// came from (a salted hash), and one network files one open report per comment. Errors:
    /// kNotFound (no comment), kConflict when `reporter` or `network` already has an open report
    /// on it (checked in the same transaction).
    virtual Result<ReportOutcome> add_report(domain::CommentId id, const std::string& reason,
                                             const std::string& reporter, const std::string& network,
                                             domain::Time at) = 0;

    /// Reports on a comment, oldest first.
    virtual Result<std::vector<domain::Report>> reports_for(domain::CommentId id) = 0;

    /// Marks the comment's reports resolved and sets open_reports to 0 (a moderator reviewed it).
    /// Errors: kNotFound.
    virtual Result<domain::Comment> resolve_reports(domain::CommentId id) = 0;

    // Bans.

    /// Stores a ban (id assigned). Returns it with its id.
    virtual Result<domain::Ban> insert_ban(const domain::Ban& b) = 0;

    /// The first ban active at `now` matching any of `keys` (kind, value), if any.
    virtual Result<std::optional<domain::Ban>> find_active_ban(
        const std::vector<std::pair<domain::BanKind, std::string>>& keys, domain::Time now) = 0;

    /// Bans active at `now`, newest first, at most `limit`.
    virtual Result<std::vector<domain::Ban>> list_active_bans(domain::Time now, int limit) = 0;

    /// Lifts a ban. Errors: kNotFound. Returns it as it is now.
    virtual Result<domain::Ban> lift_ban(std::int64_t id) = 0;

    // Accounts and sessions.

    /// Creates an account; email is lower-cased by the caller. Errors: kConflict (email taken).
    virtual Result<domain::User> insert_user(const domain::NewUser& u) = 0;

    /// Errors: kNotFound.
    virtual Result<domain::User> get_user(domain::UserId id) = 0;

    /// The account with this (lower-cased) email. Errors: kNotFound.
    virtual Result<domain::User> find_user_by_email(std::string_view email) = 0;

    /// Every account, id order.
    virtual Result<std::vector<domain::User>> list_users() = 0;

    /// Saves name, role, password_hash and disabled of `u.id`. Errors: kNotFound.
    virtual Result<domain::User> update_user(const domain::User& u) = 0;

    virtual Result<void> insert_session(const domain::Session& s) = 0;

    /// The session with this token hash, if it has not expired at `now`. Errors: kNotFound.
    virtual Result<domain::Session> get_session(std::string_view token_hash, domain::Time now) = 0;

    /// Ends one session (no error when it is already gone).
    virtual Result<void> delete_session(std::string_view token_hash) = 0;

    /// Moves a session's end to `expires_at` (a staff session's idle deadline, renewed while it
    /// is used). No error when the session is gone.
    virtual Result<void> extend_session(std::string_view token_hash, domain::Time expires_at) = 0;

    /// Ends every session of an account.
    virtual Result<void> delete_user_sessions(domain::UserId user_id) = 0;

    // Audit log.

    /// Appends an entry (id assigned); returns it.
    virtual Result<domain::AuditEntry> append_audit(const domain::AuditEntry& e) = 0;

    /// Entries newest first, below `before_id` when given, at most `limit`; only those whose
    /// target equals `target` when it is not empty.
    virtual Result<std::vector<domain::AuditEntry>> list_audit(std::optional<std::int64_t> before_id, int limit,
                                                               std::string_view target) = 0;

    // Policies and settings.

    /// The thread's policy overrides, or nullopt when it has none.
    virtual Result<std::optional<domain::ThreadPolicy>> get_thread_policy(std::string_view page) = 0;

    /// Stores (replaces) a thread's overrides.
    virtual Result<void> put_thread_policy(const domain::ThreadPolicy& p) = 0;

    /// When the thread's first comment was posted, or nullopt for a thread without comments.
    virtual Result<std::optional<domain::Time>> first_comment_at(std::string_view page) = 0;

    /// An install-wide setting, or nullopt.
    virtual Result<std::optional<std::string>> get_setting(std::string_view key) = 0;

    virtual Result<void> put_setting(std::string_view key, std::string_view value) = 0;

    // Privacy.

    /// Everything stored about one commenter. Reports filed count when their reporter is
    /// `reporter` or the key's own form ("u:<id>" / "t:<token hash>").
    virtual Result<AuthorData> author_data(const domain::AuthorKey& author, const std::string& reporter) = 0;

    /// Erases one commenter in one transaction: each of their comments becomes a deleted
    /// tombstone (text, name, account id, token hash and IP hash cleared; edit history removed;
    /// open reports on them dropped; counts kept
    /// right), reports they filed are removed, their account and sessions are removed, and the
    /// text of their comments is scrubbed from audit before/after states (entries whose target is
    /// one of their comments get "{\"erased\":true}"). Bans stay (by hash only).
    virtual Result<EraseSummary> erase_author(const domain::AuthorKey& author, const std::string& reporter) = 0;

    // Articles.

    /// Stores an article (slug unique). Errors: kConflict for a taken slug.
    virtual Result<domain::Article> insert_article(const domain::Article& a) = 0;

    /// The article with `slug`. Errors: kNotFound.
    virtual Result<domain::Article> get_article(std::string_view slug) = 0;

    /// Newest first.
    virtual Result<std::vector<domain::Article>> list_articles(int limit) = 0;

    /// Other articles by `author`, newest first, without `exclude_slug`.
    virtual Result<std::vector<domain::Article>> articles_by_author(std::string_view author,
                                                                    std::string_view exclude_slug,
                                                                    int limit) = 0;

    /// True when nothing was ever published or posted: the first start seeds the demo.
    virtual Result<bool> is_empty() = 0;

    // Whole-store export and import (see ExportBatch). Each call is its own read or transaction:
    // export and summarise a store nothing else writes to meanwhile.

    /// Up to `limit` rows of `table` whose id is above `after_id`, in id order, every stored
    /// field included (comments with their edit history). Empty once the table is done. Keyed
    /// tables (keyed_export()) come whole for after_id 0, whatever `limit`, and empty otherwise.
    virtual Result<ExportBatch> export_batch(ExportTable table, std::int64_t after_id, int limit) = 0;

    /// Up to `limit` pages after `after_page` (byte order) with a stored approved count above 0.
    virtual Result<std::vector<ThreadCount>> export_thread_counts(std::string_view after_page, int limit) = 0;

    /// Stores everything `source` yields in one transaction, keeping every id as it is; then
    /// recomputes approved counts and reply counts from the statuses, open_reports from the
    /// unresolved reports, and moves id generation past the imported ids. With
    /// options.replace_existing, first empties the store in the same transaction (every exported
    /// table, and sessions); otherwise refuses a store that is not empty (is_empty()). All or nothing. Returns the rows
    /// stored (checksum 0: call summary()). Errors: kConflict for a non-empty store;
    /// kInvalid for rows that break the schema (a reply before its parent...); the source's
    /// errors; kUnavailable.
    virtual Result<StoreSummary> import_all(ImportSource& source, const ImportOptions& options) = 0;

    /// Rows per table and the checksum of the canonical content; equal summaries mean equal
    /// content, whatever the engines.
    virtual Result<StoreSummary> summary() = 0;
};

}  // namespace tribune::store
