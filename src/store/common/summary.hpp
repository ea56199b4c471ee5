#pragma once
// Store summaries: row counts and a checksum over a canonical serialisation of the content,
// identical on every engine for the same content.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace tribune::store {

/// 64-bit FNV-1a over bytes. Not cryptographic: it tells a faithful copy from a damaged one.
class Fnv1a64 {
public:
    void add_bytes(std::string_view bytes);
    /// 8 bytes, little-endian.
    void add(std::int64_t n);
    /// The length (as add(int64)), then the bytes: "ab","c" and "a","bc" hash apart.
    void add(std::string_view s);
    /// A 0 byte for none; else a 1 byte, then the value.
    void add(const std::optional<std::int64_t>& n);
    std::uint64_t value() const { return hash_; }

private:
    std::uint64_t hash_ = 14695981039346656037ULL;
};

// The canonical serialisation: a store is its rows table by table in kExportTables order, each
// table in id order (article redirects, old paths, thread policies and settings in key byte
// order), comments each followed by its edit history, oldest first; then its thread counts in page
// byte order. Each row starts with a tag byte ('A', 'W', 'V', 'D', 'U' ..., 'O' for an old path, 'I'
// for an import source; see each hash_row) and lists every stored field in the order there (users
// with their password hash, comments with their email); times are microseconds since the epoch,
// flags 0/1, enums their stored names (time.hpp, comment.hpp, moderation.hpp). Comments'
// open_reports is not part of it: an import recomputes it from the reports, which are.

/// Feeds the canonical form of one row.
void hash_row(Fnv1a64& h, const domain::Article& a);
void hash_row(Fnv1a64& h, const AuthorProfile& a);
void hash_row(Fnv1a64& h, const ArticleRevision& r);
void hash_row(Fnv1a64& h, const ArticleRedirect& r);
void hash_row(Fnv1a64& h, const domain::LiveUpdate& u);
void hash_row(Fnv1a64& h, const PathRedirect& r);
void hash_row(Fnv1a64& h, const ImportSourceRow& r);
void hash_row(Fnv1a64& h, const CommentRecord& r);
void hash_row(Fnv1a64& h, const domain::User& u);
void hash_row(Fnv1a64& h, const domain::Report& r);
void hash_row(Fnv1a64& h, const domain::Ban& b);
void hash_row(Fnv1a64& h, const domain::AuditEntry& e);
void hash_row(Fnv1a64& h, const domain::ThreadPolicy& p);
void hash_row(Fnv1a64& h, const Setting& kv);
void hash_row(Fnv1a64& h, const ThreadCount& t);

/// Walks `store` (export_batch over kExportTables, then export_thread_counts) `batch_rows` at a
/// time and summarises what it read. How every engine implements Store::summary(), on the reader
/// of one export snapshot (summarize_store).
Result<StoreSummary> summarize(ExportReader& store, int batch_rows);

/// summarize() inside store.in_export_snapshot: one consistent state, also while writers go on.
Result<StoreSummary> summarize_store(TransferStore& store, int batch_rows);

/// A checksum as 16 lower-case hex digits, as summaries, export files and manifests write it.
std::string checksum_hex(std::uint64_t checksum);
/// Reads checksum_hex's form back; nullopt for anything else.
std::optional<std::uint64_t> parse_checksum_hex(std::string_view text);

/// What differs between two summaries, one line per field ("comments: 12 vs 11"); empty when
/// they are equal.
std::vector<std::string> summary_differences(const StoreSummary& a, const StoreSummary& b);

/// "2 articles, 0 authors, ..., 30 comments, 4 comment edits, 3 threads, ..., 2 settings, 0 old
/// paths, 0 import sources, checksum 0123456789abcdef" (kSummaryCounts' order).
std::string describe(const StoreSummary& s);

}  // namespace tribune::store
