#include "portability/import_report.hpp"

#include <fmt/format.h>

namespace tribune::portability {

std::string_view note_key(ImportNote note) {
    switch (note) {
        case ImportNote::kAlreadyImported: return "already_imported";
        case ImportNote::kUnknownThread: return "unknown_thread";
        case ImportNote::kMissingParent: return "missing_parent";
        case ImportNote::kEmptyText: return "empty_text";
        case ImportNote::kPingback: return "pingback";
        case ImportNote::kPage: return "page";
        case ImportNote::kAttachment: return "attachment";
        case ImportNote::kInvalid: return "invalid";
    }
    return "invalid";
}

std::string_view note_words(ImportNote note) {
    switch (note) {
        case ImportNote::kAlreadyImported: return "already imported";
        case ImportNote::kUnknownThread: return "unknown thread";
        case ImportNote::kMissingParent: return "missing parent";
        case ImportNote::kEmptyText: return "empty text";
        case ImportNote::kPingback: return "pingback";
        case ImportNote::kPage: return "page";
        case ImportNote::kAttachment: return "attachment";
        case ImportNote::kInvalid: return "invalid";
    }
    return "invalid";
}

std::int64_t ImportCounts::skipped() const {
    std::int64_t n = 0;
    for (auto note : kImportNotes)
        if (note != ImportNote::kMissingParent) n += this->note(note);
    return n;
}

std::string describe(const ImportCounts& c, bool dry_run) {
    std::string line = fmt::format("{} {} articles, {} threads, {} comments", dry_run ? "would import" : "imported",
                                   c.articles, c.threads, c.comments);
    std::string reasons;
    for (auto note : kImportNotes) {
        if (note == ImportNote::kMissingParent || c.note(note) == 0) continue;
        if (!reasons.empty()) reasons += ", ";
        reasons += fmt::format("{} {}", c.note(note), note_words(note));
    }
    line += fmt::format("; skipped {}", c.skipped());
    if (!reasons.empty()) line += " (" + reasons + ")";
    if (auto orphans = c.note(ImportNote::kMissingParent); orphans > 0)
        line += fmt::format("; {} {} without {} parent imported as top level", orphans,
                            orphans == 1 ? "reply" : "replies", orphans == 1 ? "its" : "their");
    return line;
}

}  // namespace tribune::portability
