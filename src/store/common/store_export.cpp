#include "store/common/store_export.hpp"

#include <algorithm>
#include <utility>

namespace tribune::store {
namespace {

std::int64_t id_of(const domain::Article& a) { return a.id; }
std::int64_t id_of(const CommentRecord& r) { return r.comment.id; }

ExportTable table_for(const std::vector<domain::Article>&) { return ExportTable::kArticles; }
ExportTable table_for(const std::vector<CommentRecord>&) { return ExportTable::kComments; }

std::size_t edits_of(const domain::Article&) { return 0; }
std::size_t edits_of(const CommentRecord& r) { return r.edits.size(); }

}  // namespace

ExportTable table_of(const ExportBatch& batch) {
    return std::visit([](const auto& rows) { return table_for(rows); }, batch);
}

std::string_view table_name(ExportTable table) {
    switch (table) {
        case ExportTable::kArticles: return "articles";
        case ExportTable::kComments: return "comments";
    }
    return "?";
}

std::size_t rows_in(const ExportBatch& batch) {
    return std::visit([](const auto& rows) { return rows.size(); }, batch);
}

std::size_t edits_in(const ExportBatch& batch) {
    return std::visit(
        [](const auto& rows) {
            std::size_t n = 0;
            for (const auto& row : rows) n += edits_of(row);
            return n;
        },
        batch);
}

std::int64_t last_id(const ExportBatch& batch) {
    return std::visit([](const auto& rows) { return rows.empty() ? std::int64_t{0} : id_of(rows.back()); },
                      batch);
}

void count_row(StoreSummary& s, const domain::Article&) { ++s.articles; }

void count_row(StoreSummary& s, const CommentRecord& r) {
    ++s.comments;
    s.comment_edits += static_cast<std::int64_t>(r.edits.size());
}

StoreExport::StoreExport(Store& from, int batch_rows, OnBatch on_batch)
    : from_(from), batch_rows_(std::max(batch_rows, 1)), on_batch_(std::move(on_batch)) {}

Result<std::optional<ExportBatch>> StoreExport::next() {
    while (table_ < kExportTables.size()) {
        auto batch = from_.export_batch(kExportTables[table_], after_, batch_rows_);
        if (!batch) return batch.error();
        const std::size_t rows = rows_in(*batch);
        if (rows == 0) {
            ++table_;
            after_ = 0;
            continue;
        }
        after_ = last_id(*batch);
        if (rows < static_cast<std::size_t>(batch_rows_)) {  // a short batch ends its table
            ++table_;
            after_ = 0;
        }
        if (on_batch_) on_batch_(*batch);
        return std::optional<ExportBatch>(std::move(*batch));
    }
    return std::optional<ExportBatch>();
}

}  // namespace tribune::store
