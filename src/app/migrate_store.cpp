#include "app/migrate_store.hpp"

#include <filesystem>
#include <map>
#include <ostream>
#include <string_view>
#include <system_error>
#include <vector>

#include "store/common/store_export.hpp"
#include "store/common/media_transfer.hpp"
#include "store/common/summary.hpp"
#include "service/media.hpp"
#include "store/open_store.hpp"

namespace tribune::app {
namespace {

constexpr std::string_view kSqliteScheme = "sqlite://";

// Opening a sqlite:// URL creates the file: a mistyped --from must not become an empty source.
bool missing_sqlite_file(const std::string& url) {
    if (!std::string_view(url).starts_with(kSqliteScheme)) return false;
    std::error_code ec;
    return !std::filesystem::exists(url.substr(kSqliteScheme.size()), ec);
}

std::string canonical_sqlite(const std::string& url) {
    if (!std::string_view(url).starts_with(kSqliteScheme)) return url;
    std::error_code ec;
    auto path = std::filesystem::weakly_canonical(url.substr(kSqliteScheme.size()), ec);
    return ec ? url : std::string(kSqliteScheme) + path.string();
}

std::unique_ptr<store::Store> open(const std::string& url, std::string_view role, std::ostream& err,
                                   int& exit_code) {
    auto opened = store::open_store(url);
    if (opened) return std::move(*opened);
    err << "migrate-store: cannot open --" << role << " " << redact_url(url) << ": " << opened.error().title
        << ": " << opened.error().message << "\n";
    exit_code = opened.error().code == domain::ErrorCode::kInvalid ? 2 : 1;
    return nullptr;
}

// Each source item's bytes as the target holds them must hash to the item's name: a byte changed
// on the way (or a source file damaged before) is named, not verified. The first few are named.
void check_media_hashes(store::MediaStore& from, store::MediaStore& to, std::vector<std::string>& differences) {
    constexpr int kPage = 100;
    constexpr std::int64_t kNamed = 10;
    std::int64_t bad = 0;
    std::string after;
    for (;;) {
        auto page = from.list_media(after, kPage);
        if (!page) {
            differences.push_back("media: cannot list the source's media: " + page.error().message);
            return;
        }
        for (const store::MediaItem& m : *page) {
            auto got = service::stored_sha256(to, m);
            if (got && *got == m.hash) continue;
            if (++bad <= kNamed)
                differences.push_back("media " + m.hash + ": " +
                                      (got ? "the copied bytes hash to " + *got
                                           : "cannot be read back: " + got.error().message));
        }
        if (static_cast<int>(page->size()) < kPage) break;
        after = page->back().hash;
    }
    if (bad > kNamed) differences.push_back("media: " + std::to_string(bad) + " items in all do not match their SHA-256");
}

}  // namespace

std::string redact_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return url;
    const auto host_start = scheme_end + 3;
    const auto at = url.find('@', host_start);
    const auto slash = url.find('/', host_start);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
    const auto colon = url.find(':', host_start);
    if (colon == std::string::npos || colon > at) return url;
    std::string out = url.substr(0, colon + 1);
    out += "***";
    out += url.substr(at);
    return out;
}

int verify_copy(store::Store& from, store::Store& to, std::ostream& out, std::ostream& err) {
    auto want = from.summary();
    if (!want) {
        err << "migrate-store: cannot summarise the source: " << want.error().message << "\n";
        return 1;
    }
    auto got = to.summary();
    if (!got) {
        err << "migrate-store: cannot summarise the target: " << got.error().message << "\n";
        return 1;
    }
    auto differences = store::summary_differences(*want, *got);
    auto want_media = store::summarize_media(from), got_media = store::summarize_media(to);
    if (!want_media || !got_media) {
        err << "migrate-store: cannot summarise the media: "
            << (want_media ? got_media.error().message : want_media.error().message) << "\n";
        return 1;
    }
    // The target may hold media of its own (a --force copy keeps files): each source item must be there.
    if (got_media->items < want_media->items || (got_media->items == want_media->items && *got_media != *want_media))
        differences.push_back("media: " + store::describe(*want_media) + " vs " + store::describe(*got_media));
    else check_media_hashes(from, to, differences);  // the same items: their bytes, by their SHA-256
    if (differences.empty()) {
        out << "verified: " << store::describe(*got) << ", " << store::describe(*got_media) << "\n";
        return 0;
    }
    err << "migrate-store: verification failed, source vs target:\n";
    for (const std::string& d : differences) err << "  " << d << "\n";
    return 1;
}

int migrate_store(const MigrateStoreOptions& options, std::ostream& out, std::ostream& err) {
    if (canonical_sqlite(options.from) == canonical_sqlite(options.to)) {
        err << "migrate-store: --from and --to name the same store\n";
        return 2;
    }
    if (missing_sqlite_file(options.from)) {
        err << "migrate-store: --from " << options.from << ": no such database file\n";
        return 2;
    }
    int exit_code = 0;
    auto from = open(options.from, "from", err, exit_code);
    if (!from) return exit_code;
    auto to = open(options.to, "to", err, exit_code);
    if (!to) return exit_code;

    auto empty = to->is_empty();
    if (!empty) {
        err << "migrate-store: cannot read the target: " << empty.error().message << "\n";
        return 1;
    }
    if (!*empty && !options.force) {
        err << "migrate-store: the target " << redact_url(options.to)
            << " is not empty; refusing to copy into it (--force replaces its content)\n";
        return 2;
    }
    if (!*empty) err << "migrate-store: --force: the target's content will be replaced\n";

    err << "migrate-store: copying " << redact_url(options.from) << " -> " << redact_url(options.to) << "\n";
    std::map<store::ExportTable, std::size_t> copied;
    // Every row from one committed state of the source, even if something writes to it meanwhile.
    domain::Result<store::StoreSummary> stored =
        domain::make_error(domain::ErrorCode::kUnavailable, "Copy failed", "the source could not be read");
    auto read = from->in_export_snapshot([&](store::ExportReader& snapshot) -> domain::Result<void> {
        store::StoreExport rows(snapshot, options.batch_rows, [&](const store::ExportBatch& batch) {
            const store::ExportTable table = store::table_of(batch);
            const std::size_t rows = store::rows_in(batch);
            copied[table] += rows;
            // A line per 20 batches, and at the end of each table (its short last batch).
            const auto every = static_cast<std::size_t>(options.batch_rows) * 20;
            if (copied[table] % every != 0 && rows == static_cast<std::size_t>(options.batch_rows)) return;
            err << "migrate-store: " << store::table_name(table) << ": " << copied[table] << " read";
            if (!store::keyed_export(table)) err << " (up to id " << store::last_id(batch) << ")";
            err << "\n";
        });
        stored = to->import_all(rows, store::ImportOptions{options.force});
        return domain::Result<void>{};
    });
    // A copy that went in stays reported as copied (the verification below compares it); only a
    // read that failed before it counts as the copy failing.
    if (!read && stored)
        err << "migrate-store: the source's snapshot ended with an error after the copy: " << read.error().message
            << "\n";
    else if (!read)
        stored = read.error();
    if (!stored) {
        err << "migrate-store: copy failed, the target is unchanged: " << stored.error().title << ": "
            << stored.error().message << "\n";
        return stored.error().code == domain::ErrorCode::kConflict ? 2 : 1;
    }
    out << "copied " << stored->articles << " articles, " << stored->comments << " comments, "
        << stored->comment_edits << " comment edits (" << stored->threads << " threads with approved comments), "
        << stored->users << " users, " << stored->reports << " reports, " << stored->bans << " bans, "
        << stored->audit_entries << " audit entries, " << stored->thread_policies << " thread policies, "
        << stored->settings << " settings\n";
    // The media library after the rows: item by item with its bytes (a rerun resumes).
    auto media = store::copy_media(*from, *to, [&](std::int64_t n) { err << "migrate-store: media: " << n << " copied\n"; });
    if (!media) {
        err << "migrate-store: copying media failed (the rows are copied; run again to finish): "
            << media.error().title << ": " << media.error().message << "\n";
        return 1;
    }
    out << "copied " << store::describe(*media) << "\n";
    err << "migrate-store: verifying\n";
    return verify_copy(*from, *to, out, err);
}

}  // namespace tribune::app
