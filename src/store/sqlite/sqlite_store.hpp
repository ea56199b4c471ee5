#pragma once
// The embedded Store: one SQLite file in WAL mode, one group-committing writer, pooled readers.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace tribune::store::sqlite {

class GroupCommitWriter;
class ReadPool;

/// How a SqliteStore opens its file and batches its writes.
struct SqliteOptions {
    std::string path;                                // the database file; its directory must exist
    std::chrono::milliseconds busy_timeout{5000};    // how long a statement waits for a lock
    std::size_t max_batch_jobs = 512;                // writes per group commit, at most
    std::size_t max_idle_readers = 8;                // read connections kept open between calls
};

/// Store on SQLite. Every write is queued to one writer thread that commits many writes per
/// transaction with synchronous=FULL, so a returned write is on disk. Reads run on pooled
/// read-only connections and see the last committed state. Thread-safe; every call blocks.
class SqliteStore final : public Store {
public:
    /// Opens or creates the database, applies missing migrations and starts the writer.
    /// Errors: kUnavailable when the file cannot be opened, set up or migrated.
    static Result<std::unique_ptr<SqliteStore>> open(SqliteOptions options);

    /// Finishes queued writes, then closes every connection. No call may be in flight.
    ~SqliteStore() override;

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
                                         const std::string& edited_by) override;
    Result<std::vector<domain::CommentEdit>> edit_history(domain::CommentId id) override;
    Result<domain::Comment> set_status(domain::CommentId id, domain::CommentStatus status) override;
    Result<domain::Comment> delete_comment(domain::CommentId id) override;
    Result<domain::Article> insert_article(const domain::Article& a) override;
    Result<domain::Article> get_article(std::string_view slug) override;
    Result<std::vector<domain::Article>> list_articles(int limit) override;
    Result<std::vector<domain::Article>> articles_by_author(std::string_view author,
                                                            std::string_view exclude_slug,
                                                            int limit) override;
    Result<bool> is_empty() override;
    Result<ExportBatch> export_batch(ExportTable table, std::int64_t after_id, int limit) override;
    Result<std::vector<ThreadCount>> export_thread_counts(std::string_view after_page, int limit) override;
    /// Runs as one job of the writer, which meanwhile commits nothing else.
    Result<StoreSummary> import_all(ImportSource& source, const ImportOptions& options) override;
    Result<StoreSummary> summary() override;

    /// Group commits so far; lets tests see that concurrent writes shared transactions.
    std::size_t batches_committed() const;

private:
    SqliteStore(std::unique_ptr<GroupCommitWriter> writer, std::unique_ptr<ReadPool> readers);

    std::unique_ptr<GroupCommitWriter> writer_;
    std::unique_ptr<ReadPool> readers_;
};

}  // namespace tribune::store::sqlite
