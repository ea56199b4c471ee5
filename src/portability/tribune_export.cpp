#include "portability/tribune_export.hpp"

#include <type_traits>
#include <utility>

#include "portability/comment_export.hpp"
#include "store/common/store_export.hpp"
#include "store/common/summary.hpp"

namespace tribune::portability {
namespace {

using domain::Result;

constexpr int kMediaPage = 500;
constexpr int kThreadPage = 1000;

// What the file holds of a row: a user's password hash only with secrets.
domain::User scrubbed(domain::User u, bool with_secrets) {
    if (!with_secrets) u.password_hash.clear();
    return u;
}
template <class Row>
const Row& scrubbed(const Row& row, bool) {
    return row;
}

}  // namespace

bool secret_setting(const store::Setting& s) { return s.key == "ip_hash_salt"; }

namespace {

// The export's lines, read from `snapshot` (media references from `media_store`, outside it:
// they name files, which the rows only point at).
Result<void> write_rows(store::ExportReader& snapshot, store::MediaStore& media_store, std::ostream& out,
                        const TribuneExportOptions& options, const domain::Clock& clock, TribuneExportResult& result) {
    auto source = store::summarize(snapshot, options.batch_rows);
    if (!source) return source.error();
    result.header.tribune_version = options.tribune_version;
    result.header.exported_at = clock.now();
    result.header.with_secrets = options.with_secrets;
    result.header.source = *source;
    out << header_line(result.header) << '\n';

    store::StoreSummary& content = result.end.content;
    store::Fnv1a64 hash;
    store::StoreExport rows(snapshot, options.batch_rows);
    for (;;) {
        auto batch = rows.next();
        if (!batch) return batch.error();
        if (!*batch) break;
        std::visit(
            [&](const auto& list) {
                for (const auto& stored : list) {
                    if constexpr (std::is_same_v<std::decay_t<decltype(stored)>, store::Setting>) {
                        if (!options.with_secrets && secret_setting(stored)) {
                            ++result.secret_settings_left_out;
                            continue;
                        }
                    }
                    const auto& row = scrubbed(stored, options.with_secrets);
                    store::count_row(content, row);
                    store::hash_row(hash, row);
                    out << row_line(FileRow(row)) << '\n';
                }
            },
            **batch);
        if (auto ok = written(out); !ok) return ok.error();
    }

    std::string after;
    for (;;) {
        auto media = media_store.list_media(after, kMediaPage);
        if (!media) return media.error();
        for (const store::MediaItem& m : *media) out << row_line(FileRow(m)) << '\n';
        result.end.media += static_cast<std::int64_t>(media->size());
        if (auto ok = written(out); !ok) return ok.error();
        if (static_cast<int>(media->size()) < kMediaPage) break;
        after = media->back().hash;
    }

    // The stored approved counts, last as in the summary's canonical form.
    after.clear();
    for (;;) {
        auto threads = snapshot.export_thread_counts(after, kThreadPage);
        if (!threads) return threads.error();
        for (const store::ThreadCount& t : *threads) {
            store::hash_row(hash, t);
            out << row_line(FileRow(t)) << '\n';
        }
        content.threads += static_cast<std::int64_t>(threads->size());
        if (auto ok = written(out); !ok) return ok.error();
        if (static_cast<int>(threads->size()) < kThreadPage) break;
        after = threads->back().page;
    }
    content.checksum = hash.value();
    out << end_line(result.end) << '\n';
    out.flush();
    if (auto ok = written(out); !ok) return ok.error();
    return {};
}

}  // namespace

Result<TribuneExportResult> write_tribune_export(store::Store& from, std::ostream& out,
                                                 const TribuneExportOptions& options, const domain::Clock& clock) {
    TribuneExportResult result;
    // Every row from one committed state, while the server goes on writing: no row of the file
    // refers to one it does not hold.
    auto written_all = from.in_export_snapshot([&](store::ExportReader& snapshot) -> Result<void> {
        return write_rows(snapshot, from, out, options, clock, result);
    });
    if (!written_all) return written_all.error();
    return result;
}

}  // namespace tribune::portability
