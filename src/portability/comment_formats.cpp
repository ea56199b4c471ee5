#include "portability/comment_formats.hpp"

#include <boost/json.hpp>

#include <array>

#include "portability/disqus_import.hpp"
#include "portability/isso_import.hpp"
#include "portability/remark42_import.hpp"
#include "portability/wordpress_import.hpp"

namespace tribune::portability {
// Named, not anonymous: this file shares a unity translation unit with others of portability.
namespace comment_formats_table {

// Reads a stream of the file's (gunzipped) bytes; a nullptr one reads the file itself.
using StreamReader = domain::Result<ReadNotes> (*)(std::istream&, CommentImport&, const ReadLimits&);
using FileReader = domain::Result<void> (*)(const std::string&, CommentImport&);

struct FormatEntry {
    CommentFormat format;
    StreamReader read;     // nullptr: read from a file only
    FileReader read_file;  // used when `read` is nullptr (a database)
};

template <domain::Result<void> (*Read)(std::istream&, CommentImport&)>
domain::Result<ReadNotes> plain(std::istream& in, CommentImport& import, const ReadLimits&) {
    if (auto r = Read(in, import); !r) return r.error();
    return ReadNotes{};
}

domain::Result<ReadNotes> commento(std::istream& in, CommentImport& import, const ReadLimits& limits) {
    if (auto r = import_commento(in, import, limits.max_document); !r) return r.error();
    return ReadNotes{};
}

// Posts become articles (made through the import's services), their comments go onto them.
domain::Result<ReadNotes> wordpress(std::istream& in, CommentImport& import, const ReadLimits&) {
    auto r = import_wordpress(in, import.context(), import, import.dry_run());
    if (!r) return r.error();
    ReadNotes notes;
    if (r->redirects > 0) notes.push_back(std::to_string(r->redirects) + " old addresses now redirect to their articles");
    if (r->private_posts > 0) notes.push_back(std::to_string(r->private_posts) + " private posts imported as drafts");
    for (const auto& m : r->messages) notes.push_back("note: " + m);
    return notes;
}

constexpr std::array kEntries{
    FormatEntry{{"disqus", "Disqus XML export"}, plain<import_disqus>, nullptr},
    FormatEntry{{"wordpress", "WordPress export (WXR): posts and comments", false}, wordpress, nullptr},
    FormatEntry{{"remark42", "Remark42 backup"}, plain<import_remark42>, nullptr},
    FormatEntry{{"isso", "Isso database"}, nullptr, import_isso_file},
    FormatEntry{{"commento", "Commento JSON export"}, commento, nullptr},
};

const FormatEntry* entry_of(std::string_view name) {
    for (const auto& e : kEntries)
        if (e.format.name == name) return &e;
    return nullptr;
}

domain::Error unknown_format(std::string_view format) {
    return domain::make_error(domain::ErrorCode::kInvalid, "Unknown format",
                              "\"" + std::string(format) + "\" is not a comment format Tribune reads");
}

constexpr auto kFormats = [] {
    std::array<CommentFormat, kEntries.size()> out{};
    for (std::size_t i = 0; i < kEntries.size(); ++i) out[i] = kEntries[i].format;
    return out;
}();

boost::json::object counts_object(const ImportCounts& c) {
    boost::json::object o{{"articles", c.articles}, {"threads", c.threads}, {"comments", c.comments},
                          {"skipped", c.skipped()}};
    boost::json::object notes;
    for (auto note : kImportNotes)
        if (c.note(note) > 0) notes[note_key(note)] = c.note(note);
    o["notes"] = std::move(notes);
    return o;
}

}  // namespace comment_formats_table

std::span<const CommentFormat> comment_formats() { return comment_formats_table::kFormats; }

bool is_comment_format(std::string_view name) { return comment_formats_table::entry_of(name) != nullptr; }

bool uses_page_keys(std::string_view format) {
    const auto* e = comment_formats_table::entry_of(format);
    return e && e->format.page_keys;
}

domain::Result<ReadNotes> read_comments_file(std::string_view format, const std::string& path, CommentImport& import,
                                             const ReadLimits& limits) {
    const auto* e = comment_formats_table::entry_of(format);
    if (!e) return comment_formats_table::unknown_format(format);
    if (!e->read) {
        if (auto r = e->read_file(path, import); !r) return r.error();
        return ReadNotes{};
    }
    GzipLimits gzip;
    gzip.max_unpacked = limits.max_unpacked;
    gzip.stopped = [&import] { return import.stopped(); };
    gzip.file_read = limits.file_read;
    ReadNotes notes;
    auto read = read_maybe_gzip(path, [&](std::istream& in) -> domain::Result<void> {
        auto r = e->read(in, import, limits);
        if (!r) return r.error();
        notes = std::move(*r);
        return {};
    }, gzip);
    if (!read) return read.error();
    return notes;
}

std::string counts_json(const ImportCounts& counts) {
    return boost::json::serialize(comment_formats_table::counts_object(counts));
}

void write_comment_report(std::ostream& out, std::string_view format, bool dry_run, const ImportCounts& total,
                          const std::map<std::string, ImportCounts>& threads) {
    out << "{\"format\":" << boost::json::serialize(boost::json::value(boost::json::string_view(format)))
        << ",\"dry_run\":" << (dry_run ? "true" : "false") << ",\"total\":" << counts_json(total)
        << ",\"threads\":[";
    bool first = true;
    for (const auto& [page, counts] : threads) {
        auto o = comment_formats_table::counts_object(counts);
        o.erase("threads");
        o["page"] = page;
        out << (first ? "" : ",") << "\n" << boost::json::serialize(o);
        first = false;
    }
    out << "]}\n";
}

}  // namespace tribune::portability
