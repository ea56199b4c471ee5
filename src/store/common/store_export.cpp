#include "store/common/store_export.hpp"

#include <algorithm>
#include <utility>

namespace tribune::store {
namespace {

std::int64_t id_of(const domain::Article& a) { return a.id; }
std::int64_t id_of(const domain::User& u) { return u.id; }
std::int64_t id_of(const CommentRecord& r) { return r.comment.id; }
std::int64_t id_of(const domain::Report& r) { return r.id; }
std::int64_t id_of(const domain::Ban& b) { return b.id; }
std::int64_t id_of(const domain::AuditEntry& e) { return e.id; }
std::int64_t id_of(const AuthorProfile& a) { return a.id; }
std::int64_t id_of(const ArticleRevision& r) { return r.id; }
std::int64_t id_of(const ArticleRedirect&) { return 0; }
std::int64_t id_of(const domain::LiveUpdate& u) { return u.id; }
std::int64_t id_of(const PathRedirect&) { return 0; }
std::int64_t id_of(const ImportSourceRow& r) { return r.id; }
std::int64_t id_of(const domain::ThreadPolicy&) { return 0; }
std::int64_t id_of(const Setting&) { return 0; }

ExportTable table_for(const std::vector<domain::Article>&) { return ExportTable::kArticles; }
ExportTable table_for(const std::vector<domain::User>&) { return ExportTable::kUsers; }
ExportTable table_for(const std::vector<CommentRecord>&) { return ExportTable::kComments; }
ExportTable table_for(const std::vector<domain::Report>&) { return ExportTable::kReports; }
ExportTable table_for(const std::vector<domain::Ban>&) { return ExportTable::kBans; }
ExportTable table_for(const std::vector<domain::AuditEntry>&) { return ExportTable::kAudit; }
ExportTable table_for(const std::vector<AuthorProfile>&) { return ExportTable::kAuthors; }
ExportTable table_for(const std::vector<ArticleRevision>&) { return ExportTable::kArticleRevisions; }
ExportTable table_for(const std::vector<ArticleRedirect>&) { return ExportTable::kArticleRedirects; }
ExportTable table_for(const std::vector<domain::LiveUpdate>&) { return ExportTable::kLiveUpdates; }
ExportTable table_for(const std::vector<PathRedirect>&) { return ExportTable::kPathRedirects; }
ExportTable table_for(const std::vector<ImportSourceRow>&) { return ExportTable::kImportSources; }
ExportTable table_for(const std::vector<domain::ThreadPolicy>&) { return ExportTable::kThreadPolicies; }
ExportTable table_for(const std::vector<Setting>&) { return ExportTable::kSettings; }

std::size_t edits_of(const CommentRecord& r) { return r.edits.size(); }
template <class Row>
std::size_t edits_of(const Row&) {
    return 0;
}

}  // namespace

ExportTable table_of(const ExportBatch& batch) {
    return std::visit([](const auto& rows) { return table_for(rows); }, batch);
}

std::string_view table_name(ExportTable table) {
    switch (table) {
        case ExportTable::kArticles: return "articles";
        case ExportTable::kUsers: return "users";
        case ExportTable::kAuthors: return "authors";
        case ExportTable::kArticleRevisions: return "article revisions";
        case ExportTable::kArticleRedirects: return "article redirects";
        case ExportTable::kLiveUpdates: return "live updates";
        case ExportTable::kPathRedirects: return "old paths";
        case ExportTable::kImportSources: return "import sources";
        case ExportTable::kComments: return "comments";
        case ExportTable::kReports: return "reports";
        case ExportTable::kBans: return "bans";
        case ExportTable::kAudit: return "audit log";
        case ExportTable::kThreadPolicies: return "thread policies";
        case ExportTable::kSettings: return "settings";
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

void count_row(StoreSummary& s, const domain::Article& a) {
    ++s.articles;
    s.article_corrections += static_cast<std::int64_t>(a.corrections.size());
    if (a.review) ++s.article_reviews;
}
void count_row(StoreSummary& s, const AuthorProfile&) { ++s.authors; }
void count_row(StoreSummary& s, const ArticleRevision&) { ++s.article_revisions; }
void count_row(StoreSummary& s, const ArticleRedirect&) { ++s.article_redirects; }
void count_row(StoreSummary& s, const domain::LiveUpdate&) { ++s.live_updates; }
void count_row(StoreSummary& s, const PathRedirect&) { ++s.path_redirects; }
void count_row(StoreSummary& s, const ImportSourceRow&) { ++s.import_sources; }

void count_row(StoreSummary& s, const CommentRecord& r) {
    ++s.comments;
    s.comment_edits += static_cast<std::int64_t>(r.edits.size());
}

void count_row(StoreSummary& s, const domain::User&) { ++s.users; }
void count_row(StoreSummary& s, const domain::Report&) { ++s.reports; }
void count_row(StoreSummary& s, const domain::Ban&) { ++s.bans; }
void count_row(StoreSummary& s, const domain::AuditEntry&) { ++s.audit_entries; }
void count_row(StoreSummary& s, const domain::ThreadPolicy&) { ++s.thread_policies; }
void count_row(StoreSummary& s, const Setting&) { ++s.settings; }

StoreExport::StoreExport(ExportReader& from, int batch_rows, OnBatch on_batch)
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
        // A short batch ends its table; a keyed table comes in one batch.
        if (keyed_export(kExportTables[table_]) || rows < static_cast<std::size_t>(batch_rows_)) {
            ++table_;
            after_ = 0;
        }
        if (on_batch_) on_batch_(*batch);
        return std::optional<ExportBatch>(std::move(*batch));
    }
    return std::optional<ExportBatch>();
}

}  // namespace tribune::store
