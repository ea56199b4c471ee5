#pragma once
// Reading a whole store batch by batch (Store::export_batch), as an ImportSource.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "store/common/store_errors.hpp"
#include "store/store.hpp"

namespace tribune::store {

/// Rows per export batch by default: small enough for bounded memory, large enough that round
/// trips do not dominate.
inline constexpr int kExportBatchRows = 500;

/// An engine connection's export reads as an ExportReader, inside whatever transaction the
/// connection holds: `Batch(db, table, after_id, limit)` and `Counts(db, after_page, limit)`.
template <class Connection, auto Batch, auto Counts>
class ConnectionExportReader : public ExportReader {
public:
    explicit ConnectionExportReader(Connection& db) : db_(db) {}
    Result<ExportBatch> export_batch(ExportTable table, std::int64_t after_id, int limit) override {
        return Batch(db_, table, after_id, limit);
    }
    Result<std::vector<ThreadCount>> export_thread_counts(std::string_view after_page, int limit) override {
        return Counts(db_, after_page, limit);
    }

protected:
    Connection& db_;
};

/// The table a batch belongs to.
ExportTable table_of(const ExportBatch& batch);

/// "articles", "users", "comments", "reports", "bans", "audit log", "thread policies",
/// "settings": names in progress lines and summaries.
std::string_view table_name(ExportTable table);

/// Rows in a batch (comments count once, whatever their edits).
std::size_t rows_in(const ExportBatch& batch);

/// Edit-history entries in a batch (0 for tables without one).
std::size_t edits_in(const ExportBatch& batch);

/// The id of the batch's last row; 0 for an empty batch and for keyed tables (keyed_export()).
std::int64_t last_id(const ExportBatch& batch);

/// Adds one row to the counts of `s`.
void count_row(StoreSummary& s, const domain::Article& a);
void count_row(StoreSummary& s, const AuthorProfile& a);
void count_row(StoreSummary& s, const ArticleRevision& r);
void count_row(StoreSummary& s, const ArticleRedirect& r);
void count_row(StoreSummary& s, const domain::LiveUpdate& u);
void count_row(StoreSummary& s, const PathRedirect& r);
void count_row(StoreSummary& s, const ImportSourceRow& r);
void count_row(StoreSummary& s, const CommentRecord& r);
void count_row(StoreSummary& s, const domain::User& u);
void count_row(StoreSummary& s, const domain::Report& r);
void count_row(StoreSummary& s, const domain::Ban& b);
void count_row(StoreSummary& s, const domain::AuditEntry& e);
void count_row(StoreSummary& s, const domain::ThreadPolicy& p);
void count_row(StoreSummary& s, const Setting& kv);

/// The engine-neutral part of Store::import_all: readies the target with `wipe()` when
/// options.replace_existing, else refuses unless `is_empty()` (kConflict) and wipes it when
/// options.replace_setup; then stores every row
/// `source` yields with `insert(row)`, which each engine overloads per row type, so a new
/// ExportBatch alternative does not compile until every engine can insert it. Returns the rows
/// stored (threads and checksum 0). `wipe` returns any Result, `is_empty` Result<bool> and
/// `insert` Result<void>.
template <class Wipe, class IsEmpty, class Insert>
Result<StoreSummary> import_rows(ImportSource& source, const ImportOptions& options, Wipe&& wipe,
                                 IsEmpty&& is_empty, Insert&& insert);

/// Every row of `from`, table by table in kExportTables order, each in id order, `batch_rows` at a
/// time (keyed tables in one batch each). Calls `on_batch` (when set) with each batch before handing it on. Reads only; `from` must
/// outlive it. Not thread-safe.
class StoreExport final : public ImportSource {
public:
    using OnBatch = std::function<void(const ExportBatch&)>;

    explicit StoreExport(ExportReader& from, int batch_rows = kExportBatchRows, OnBatch on_batch = {});

    Result<std::optional<ExportBatch>> next() override;

private:
    ExportReader& from_;
    int batch_rows_;
    OnBatch on_batch_;
    std::size_t table_ = 0;   // index into kExportTables
    std::int64_t after_ = 0;  // last id handed on from the current table
};

template <class Wipe, class IsEmpty, class Insert>
Result<StoreSummary> import_rows(ImportSource& source, const ImportOptions& options, Wipe&& wipe,
                                 IsEmpty&& is_empty, Insert&& insert) {
    if (options.replace_existing) {
        if (auto ok = wipe(); !ok) return ok.error();
    } else {
        auto empty = is_empty();
        if (!empty) return empty.error();
        if (!*empty) return store_not_empty();
        if (options.replace_setup)
            if (auto ok = wipe(); !ok) return ok.error();
    }
    StoreSummary stored;
    for (;;) {
        auto batch = source.next();
        if (!batch) return batch.error();
        if (!*batch) return stored;
        auto ok = std::visit(
            [&](const auto& rows) -> Result<void> {
                for (const auto& row : rows) {
                    if (auto done = insert(row); !done) return done;
                    count_row(stored, row);
                }
                return {};
            },
            **batch);
        if (!ok) return ok.error();
    }
}

}  // namespace tribune::store
