#include "portability/comment_formats.hpp"

#include <boost/json.hpp>

#include <array>

#include "portability/commento_import.hpp"
#include "portability/disqus_import.hpp"
#include "portability/gzip_input.hpp"
#include "portability/isso_import.hpp"
#include "portability/remark42_import.hpp"

namespace tribune::portability {
// Named, not anonymous: this file shares a unity translation unit with others of portability.
namespace comment_formats_table {

using StreamReader = domain::Result<void> (*)(std::istream&, CommentImport&);
using FileReader = domain::Result<void> (*)(const std::string&, CommentImport&);

struct FormatEntry {
    CommentFormat format;
    StreamReader read;       // nullptr: read from a file only
    FileReader read_file;    // nullptr: the stream reader, gunzipped when it is gzip
};

constexpr std::array kEntries{
    FormatEntry{{"disqus", "Disqus XML export"}, import_disqus, nullptr},
    FormatEntry{{"remark42", "Remark42 backup"}, import_remark42, nullptr},
    FormatEntry{{"isso", "Isso database"}, nullptr, import_isso_file},
    FormatEntry{{"commento", "Commento JSON export"}, import_commento, nullptr},
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

bool reads_streams(std::string_view format) {
    const auto* e = comment_formats_table::entry_of(format);
    return e && e->read;
}

domain::Result<void> read_comments(std::string_view format, std::istream& in, CommentImport& import) {
    const auto* e = comment_formats_table::entry_of(format);
    if (!e || !e->read) return comment_formats_table::unknown_format(format);
    return e->read(in, import);
}

domain::Result<void> read_comments_file(std::string_view format, const std::string& path, CommentImport& import) {
    const auto* e = comment_formats_table::entry_of(format);
    if (!e) return comment_formats_table::unknown_format(format);
    if (e->read_file) return e->read_file(path, import);
    return read_maybe_gzip(path, [&](std::istream& in) { return e->read(in, import); });
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
