#include "portability/tribune_import.hpp"

#include <boost/json.hpp>

#include <type_traits>
#include <utility>

#include "store/common/store_export.hpp"

namespace tribune::portability {
namespace {

using domain::ErrorCode;
using domain::make_error;
using domain::Result;

template <class Row>
void push(std::optional<store::ExportBatch>& batch, Row&& row) {
    using T = std::decay_t<Row>;
    if (!batch) batch.emplace(std::in_place_type<std::vector<T>>);
    std::get<std::vector<T>>(*batch).push_back(std::forward<Row>(row));
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

boost::json::object counts_object(const store::StoreSummary& s) {
    boost::json::object o;
    for (const store::SummaryCount& c : store::kSummaryCounts) o[c.key] = s.*c.member;
    o["checksum"] = checksum_hex(s.checksum);
    return o;
}

}  // namespace

TribuneFileSource::TribuneFileSource(std::istream& in, int batch_rows)
    : lines_(in), batch_rows_(batch_rows < 1 ? 1 : batch_rows) {}

domain::Error TribuneFileSource::at_line(std::string message) const {
    return make_error(ErrorCode::kMalformed, "Bad export file", "line " + std::to_string(lines_.number()) + ": " + message);
}

// The next non-blank line, parsed; nullopt at the end of the file.
Result<std::optional<ParsedLine>> TribuneFileSource::next_line() {
    for (;;) {
        switch (lines_.next(line_)) {
            case LineReader::Got::kEnd: return std::optional<ParsedLine>();
            case LineReader::Got::kReadError:
                return make_error(ErrorCode::kUnavailable, "Cannot read the export file",
                                  "a read error after line " + std::to_string(lines_.number()));
            case LineReader::Got::kTooLong:
                return at_line("longer than " + std::to_string(kMaxLineBytes) + " bytes");
            case LineReader::Got::kLine: break;
        }
        if (blank(line_)) continue;
        auto parsed = parse_line(line_);
        if (!parsed) {
            // A last line without its newline that does not parse is a file cut short.
            if (!lines_.ended_with_newline())
                return at_line(parsed.error().message + " (the file ends in the middle of this line: is it cut short?)");
            return at_line(parsed.error().message);
        }
        return std::optional<ParsedLine>(std::move(*parsed));
    }
}

Result<void> TribuneFileSource::start() {
    if (header_) return {};
    auto first = next_line();
    if (!first) return first.error();
    if (!*first) return make_error(ErrorCode::kMalformed, "Bad export file", "the file is empty");
    if (!(*first)->header) return at_line("the first line must be the header (\"type\":\"header\"), not \"" + (*first)->type + "\"");
    if ((*first)->header->version > kExportFormatVersion || (*first)->header->version < 1)
        return make_error(ErrorCode::kInvalid, "Unsupported export version",
                          "the file has format version " + std::to_string((*first)->header->version) +
                              "; this Tribune reads version " + std::to_string(kExportFormatVersion));
    header_ = std::move((*first)->header);
    return {};
}

Result<void> TribuneFileSource::finish(const ExportEnd& end) {
    read_.checksum = hash_.value();
    auto differences = store::summary_differences(end.content, read_);
    if (end.media != media_)
        differences.push_back("media: " + std::to_string(end.media) + " vs " + std::to_string(media_));
    if (!differences.empty()) {
        std::string what;
        for (const auto& d : differences) what += (what.empty() ? "" : "; ") + d;
        return at_line("the file's rows do not match its end line (end line vs rows read: " + what +
                       "): the file was changed or damaged");
    }
    // Nothing may follow the end line: a second export appended would otherwise go unnoticed.
    auto more = next_line();
    if (!more) return more.error();
    if (*more) return at_line("a \"" + (*more)->type + "\" line after the end line");
    end_ = end;
    return {};
}

Result<std::optional<store::ExportBatch>> TribuneFileSource::next() {
    if (auto ok = start(); !ok) return ok.error();
    std::optional<store::ExportBatch> batch;
    std::size_t batch_rank = 0;
    if (pending_) {
        batch_rank = rank_of(*pending_);
        std::visit([&](auto&& row) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(row)>, store::MediaItem> &&
                          !std::is_same_v<std::decay_t<decltype(row)>, store::ThreadCount>)
                push(batch, std::move(row));
        }, std::move(*pending_));
        pending_.reset();
    }
    while (!end_) {
        auto parsed = next_line();
        if (!parsed) return parsed.error();
        if (!*parsed) return at_line("the file ends without its end line (\"type\":\"end\"): it is cut short");
        ParsedLine& line = **parsed;
        if (line.header) return at_line("a second header");
        if (line.end) {
            if (auto ok = finish(*line.end); !ok) return ok.error();
            break;
        }
        if (!line.row) {
            ++unknown_;
            continue;
        }
        const std::size_t rank = rank_of(*line.row);
        if (rank < last_rank_)
            return at_line("a \"" + line.type + "\" line after the later tables' lines: the file is out of order");
        last_rank_ = rank;
        if (std::holds_alternative<store::MediaItem>(*line.row)) {
            ++media_;
            continue;
        }
        if (auto* t = std::get_if<store::ThreadCount>(&*line.row)) {
            store::hash_row(hash_, *t);
            ++read_.threads;
            continue;
        }
        std::visit([&](const auto& row) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(row)>, store::MediaItem> &&
                          !std::is_same_v<std::decay_t<decltype(row)>, store::ThreadCount>) {
                store::count_row(read_, row);
                store::hash_row(hash_, row);
            }
        }, *line.row);
        if (batch && batch_rank != rank) {
            pending_ = std::move(line.row);
            return batch;
        }
        batch_rank = rank;
        std::visit([&](auto&& row) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(row)>, store::MediaItem> &&
                          !std::is_same_v<std::decay_t<decltype(row)>, store::ThreadCount>)
                push(batch, std::move(row));
        }, std::move(*line.row));
        if (store::rows_in(*batch) >= static_cast<std::size_t>(batch_rows_)) return batch;
    }
    return batch;
}

// The file's rows on their way into the store, each batch shown to `on_batch` first.
class ObservedFileSource final : public store::ImportSource {
public:
    ObservedFileSource(TribuneFileSource& source, const std::function<void(const store::ExportBatch&)>& on_batch)
        : source_(source), on_batch_(on_batch) {}
    Result<std::optional<store::ExportBatch>> next() override {
        auto batch = source_.next();
        if (batch && *batch && on_batch_) on_batch_(**batch);
        return batch;
    }

private:
    TribuneFileSource& source_;
    const std::function<void(const store::ExportBatch&)>& on_batch_;
};

Result<TribuneImportResult> import_tribune(store::Store& into, std::istream& in, bool dry_run,
                                           const TribuneImportExtras& extras) {
    TribuneFileSource source(in);
    if (auto ok = source.start(); !ok) return ok.error();
    auto empty = into.is_empty();
    if (!empty) return empty.error();
    if (!*empty)
        return make_error(ErrorCode::kConflict, "Store not empty",
                          "the store already holds articles or comments; import a Tribune export only into a new, "
                          "empty store (nothing was changed)");
    TribuneImportResult result;
    result.dry_run = dry_run;
    if (dry_run) {
        for (;;) {
            auto batch = source.next();
            if (!batch) return batch.error();
            if (!*batch) break;
        }
    } else {
        ObservedFileSource observed(source, extras.on_batch);
        auto stored = into.import_all(observed, store::ImportOptions{.replace_setup = extras.replace_setup});
        if (!stored) return stored.error();
        auto now = into.summary();
        if (!now) return now.error();
        result.stored = *now;
        result.differences = store::summary_differences(source.end()->content, *now);
    }
    result.header = *source.header();
    result.end = *source.end();
    result.read = source.read();
    result.media = source.media();
    result.unknown_lines = source.unknown_lines();
    return result;
}

std::string import_report_json(const TribuneImportResult& r) {
    boost::json::array differences;
    for (const auto& d : r.differences) differences.emplace_back(d);
    boost::json::object o{{"format", "tribune"},
                          {"dry_run", r.dry_run},
                          {"file_version", r.header.version},
                          {"exported_at", format_exact_time(r.header.exported_at)},
                          {"with_secrets", r.header.with_secrets},
                          {"source", counts_object(r.header.source)},
                          {"file", counts_object(r.read)},
                          {"media_references", r.media},
                          {"unknown_lines", r.unknown_lines},
                          {"imported", r.stored ? boost::json::value(counts_object(*r.stored)) : boost::json::value(nullptr)},
                          {"verified", !r.dry_run && r.differences.empty()},
                          {"differences", std::move(differences)}};
    return boost::json::serialize(o) + "\n";
}

}  // namespace tribune::portability
