#pragma once
// What an import did: totals, and why anything was left out. Every importer fills one; the
// command prints it (describe) and writes it with --report (to_json).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tribune::portability {

/// Why an item of a source file was not imported (or imported differently than written).
enum class ImportNote {
    kAlreadyImported,  // its source id was imported before: importing twice adds nothing
    kUnknownThread,    // a comment naming a thread the file never described
    kMissingParent,    // a reply whose parent is nowhere: imported as a top-level comment
    kEmptyText,        // nothing left once its markup became text
    kPingback,         // WordPress pingbacks and trackbacks
    kPage,             // WordPress pages: reported, not imported as articles
    kAttachment,       // WordPress attachments
    kInvalid,          // a record the importer cannot use (named in the message)
};
inline constexpr std::array kImportNotes{
    ImportNote::kAlreadyImported, ImportNote::kUnknownThread, ImportNote::kMissingParent,
    ImportNote::kEmptyText,       ImportNote::kPingback,      ImportNote::kPage,
    ImportNote::kAttachment,      ImportNote::kInvalid};

/// "already_imported", "unknown_thread", ... (the keys of the report file).
std::string_view note_key(ImportNote note);
/// "already imported", "unknown thread", ... (the printed summary).
std::string_view note_words(ImportNote note);

/// Counts of one import, in total or for one thread.
struct ImportCounts {
    std::int64_t articles = 0;
    std::int64_t threads = 0;
    std::int64_t comments = 0;
    std::array<std::int64_t, kImportNotes.size()> notes{};

    std::int64_t& note(ImportNote n) { return notes[static_cast<std::size_t>(n)]; }
    std::int64_t note(ImportNote n) const { return notes[static_cast<std::size_t>(n)]; }
    /// Items not imported at all (every note but kMissingParent, which is imported).
    std::int64_t skipped() const;
};

/// One line for people: "imported 3 articles, 2 threads, 40 comments; skipped 2 (1 empty text,
/// 1 pingback); 1 reply without its parent imported as top level".
std::string describe(const ImportCounts& counts, bool dry_run);

}  // namespace tribune::portability
