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

#include "domain/article.hpp"
#include "domain/comment.hpp"
#include "domain/cursor.hpp"
#include "domain/error.hpp"
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

/// One page of a keyset list. `has_more` tells whether a next page exists; it starts after the
/// last comment of this one.
struct CommentPage {
    std::vector<domain::Comment> comments;
    bool has_more = false;
};

// Whole-store export and import (`tribune migrate-store`).
//
// A store is exported table by table in kExportTables order, each table in id order, in
// batches, so a million comments never sit in memory at once. Adding a table (users, audit...)
// is one more step through the same places, and the compiler points at each:
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

/// The tables a whole-store export walks, in import order: a row's references come before it.
enum class ExportTable { kArticles, kComments };
inline constexpr std::array kExportTables{ExportTable::kArticles, ExportTable::kComments};

/// Rows of one table, in id order.
using ExportBatch = std::variant<std::vector<domain::Article>, std::vector<CommentRecord>>;

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
    std::uint64_t checksum = 0;
    bool operator==(const StoreSummary&) const = default;
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

    /// Replaces the text, keeps the old one in the edit history, sets edited_at. Errors: kNotFound.
    virtual Result<domain::Comment> edit_comment(domain::CommentId id, const std::string& new_text,
                                                 domain::Time at, const std::string& edited_by) = 0;

    /// Earlier texts of a comment, oldest first. Errors: kNotFound.
    virtual Result<std::vector<domain::CommentEdit>> edit_history(domain::CommentId id) = 0;

    /// Moves a comment to `status` (not kDeleted), keeping counts right. Errors: kNotFound.
    virtual Result<domain::Comment> set_status(domain::CommentId id, domain::CommentStatus status) = 0;

    /// Deletes a comment: status kDeleted, text and author name cleared, counts kept right. It
    /// stays as a tombstone in lists while it has approved replies. Errors: kNotFound.
    virtual Result<domain::Comment> delete_comment(domain::CommentId id) = 0;

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
    /// field included (comments with their edit history). Empty once the table is done.
    virtual Result<ExportBatch> export_batch(ExportTable table, std::int64_t after_id, int limit) = 0;

    /// Up to `limit` pages after `after_page` (byte order) with a stored approved count above 0.
    virtual Result<std::vector<ThreadCount>> export_thread_counts(std::string_view after_page, int limit) = 0;

    /// Stores everything `source` yields in one transaction, keeping every id as it is; then
    /// recomputes approved counts and reply counts from the statuses, and moves id generation past
    /// the imported ids. With options.replace_existing, first empties the store in the same
    /// transaction; otherwise refuses a store that is not empty. All or nothing. Returns the rows
    /// stored (checksum 0: call summary()). Errors: kConflict for a non-empty store;
    /// kInvalid for rows that break the schema (a reply before its parent...); the source's
    /// errors; kUnavailable.
    virtual Result<StoreSummary> import_all(ImportSource& source, const ImportOptions& options) = 0;

    /// Rows per table and the checksum of the canonical content; equal summaries mean equal
    /// content, whatever the engines.
    virtual Result<StoreSummary> summary() = 0;
};

}  // namespace tribune::store
