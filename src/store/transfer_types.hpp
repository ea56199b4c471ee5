#pragma once
// The values of the transfer role: whole-store export batches, import sources and summaries.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/account.hpp"
#include "domain/article.hpp"
#include "domain/error.hpp"
#include "domain/live_update.hpp"
#include "domain/moderation.hpp"
#include "store/article_types.hpp"
#include "store/comment_types.hpp"
#include "store/import_store.hpp"

namespace tribune::store {

// Whole-store export and import (`tribune migrate-store`).
//
// A store is exported table by table in kExportTables order, each table in id order, in
// batches, so a million comments never sit in memory at once. Tables keyed by text rather than
// by id (thread_policies by page, settings by key) are small, a row per thread with overrides and
// a handful of settings: each comes whole in one batch, in key byte order (keyed_export()).
// Sessions are not exported: logins start afresh on the new store. Nor is the outbox
// (outbox_events, outbox_messages, webhook_deliveries: what this server still has to send and
// has sent), nor webhook_endpoints, settings an admin adds again on the new server with fresh
// secrets, nor the mail choices (mail_addresses, mail_thread_unsubscribes, staff_mail_prefs:
// readers confirm again, staff choose again; a replacing import removes staff_mail_prefs with
// the accounts); none of them is in the summary. comments.notify travels with its comment. Adding a table is one more
// step through the same places, and the compiler points at each:
//   1. its row type as another alternative of ExportBatch, and its ExportTable before the tables
//      that refer to it (parents before children);
//   2. in each engine, its export query (export_batch) and its insert (the import's visitor,
//      which std::visit refuses to compile without);
//   3. in store/common/summary.cpp, its canonical form (hash_row) and its StoreSummary count.

/// The tables a whole-store export walks, in import order: a row's references come before it
/// (reports refer to comments; comments.author_user_id and audit actors name users, without a
/// foreign key, but users still come first).
enum class ExportTable {
    kUsers,
    kAuthors,  // author profiles (they may name an account)
    kArticles,  // with their authors, section and tags
    kArticleRevisions,
    kArticleRedirects,
    kLiveUpdates,  // live-coverage updates (an article's corrections travel with the article)
    kPathRedirects,  // old paths of imported pages (ImportStore::add_path_redirect)
    kComments,
    kImportSources,  // what imports remembered by source id (ImportStore), so a re-import adds nothing
    kReports,
    kBans,
    kAudit,
    kThreadPolicies,
    kSettings,
};
inline constexpr std::array kExportTables{
    ExportTable::kUsers,  ExportTable::kAuthors, ExportTable::kArticles,       ExportTable::kArticleRevisions,
    ExportTable::kArticleRedirects, ExportTable::kLiveUpdates, ExportTable::kPathRedirects, ExportTable::kComments,
    ExportTable::kImportSources, ExportTable::kReports, ExportTable::kBans,
    ExportTable::kAudit,  ExportTable::kThreadPolicies, ExportTable::kSettings};

/// True for the tables keyed by text (article_redirects, path_redirects, thread_policies,
/// settings): export_batch returns the whole table in key byte order for after_id 0, and nothing
/// for any other after_id.
constexpr bool keyed_export(ExportTable table) {
    return table == ExportTable::kArticleRedirects || table == ExportTable::kPathRedirects ||
           table == ExportTable::kThreadPolicies || table == ExportTable::kSettings;
}

/// One row of import_sources: a thread, comment, article or author an import remembered by its
/// source's id (store/import_store.hpp), with the row id that orders the export.
struct ImportSourceRow {
    std::int64_t id = 0;
    std::string source;
    std::string kind;  // "thread", "comment", "article" or "author"
    std::string source_id;
    std::int64_t local_id = 0;
    std::string page;
    std::string pending_parent;
    bool operator==(const ImportSourceRow&) const = default;
};

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
                 std::vector<domain::ThreadPolicy>, std::vector<Setting>, std::vector<AuthorProfile>,
                 std::vector<ArticleRevision>, std::vector<ArticleRedirect>, std::vector<domain::LiveUpdate>,
                 std::vector<PathRedirect>, std::vector<ImportSourceRow>>;

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
    /// Without replace_existing: a target holding no articles and no comments (a new server, with
    /// the accounts, settings and audit it was set up with) is emptied first, in the import's
    /// transaction, so the file's rows do not collide with those; one holding content is refused.
    bool replace_setup = false;
};

/// What an import stored, or a store holds: rows per table, and a checksum over the canonical
/// content (store/common/summary.hpp), the same on every engine for the same content.
struct StoreSummary {
    std::int64_t articles = 0;
    std::int64_t authors = 0;
    std::int64_t article_revisions = 0;
    std::int64_t article_redirects = 0;
    std::int64_t article_corrections = 0;
    std::int64_t article_reviews = 0;  // review requests (they travel with their articles)
    std::int64_t live_updates = 0;
    std::int64_t comments = 0;
    std::int64_t comment_edits = 0;
    std::int64_t threads = 0;  // pages with at least one approved comment
    std::int64_t users = 0;
    std::int64_t reports = 0;
    std::int64_t bans = 0;
    std::int64_t audit_entries = 0;
    std::int64_t thread_policies = 0;
    std::int64_t settings = 0;
    std::int64_t path_redirects = 0;
    std::int64_t import_sources = 0;
    std::uint64_t checksum = 0;
    bool operator==(const StoreSummary&) const = default;
};

/// One count of a StoreSummary: its key in export files and backup manifests, and its name in
/// sentences ("12 comments").
struct SummaryCount {
    const char* key;
    const char* name;
    std::int64_t StoreSummary::*member;
};

/// Every count of a StoreSummary, in the order summaries are described. Written once here, read by
/// describe(), summary_differences(), export files and backup manifests.
inline constexpr std::array<SummaryCount, 18> kSummaryCounts{{
    {"articles", "articles", &StoreSummary::articles},
    {"authors", "authors", &StoreSummary::authors},
    {"article_revisions", "article revisions", &StoreSummary::article_revisions},
    {"article_redirects", "article redirects", &StoreSummary::article_redirects},
    {"article_corrections", "article corrections", &StoreSummary::article_corrections},
    {"article_reviews", "review requests", &StoreSummary::article_reviews},
    {"live_updates", "live updates", &StoreSummary::live_updates},
    {"comments", "comments", &StoreSummary::comments},
    {"comment_edits", "comment edits", &StoreSummary::comment_edits},
    {"threads", "threads", &StoreSummary::threads},
    {"users", "users", &StoreSummary::users},
    {"reports", "reports", &StoreSummary::reports},
    {"bans", "bans", &StoreSummary::bans},
    {"audit_entries", "audit entries", &StoreSummary::audit_entries},
    {"thread_policies", "thread policies", &StoreSummary::thread_policies},
    {"settings", "settings", &StoreSummary::settings},
    {"path_redirects", "old paths", &StoreSummary::path_redirects},
    {"import_sources", "import sources", &StoreSummary::import_sources},
}};
// A count added to StoreSummary is added to kSummaryCounts too (the checksum covers the content either way).
static_assert(sizeof(StoreSummary) == (kSummaryCounts.size() + 1) * sizeof(std::int64_t));

}  // namespace tribune::store
