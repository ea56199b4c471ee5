#include "http/import_jobs.hpp"

#include <boost/json.hpp>
#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>
#include <sstream>

#include "portability/comment_formats.hpp"
#include "portability/comment_import.hpp"
#include "portability/gzip_input.hpp"
#include "portability/page_keys.hpp"
#include "portability/tribune_import.hpp"
#include "portability/tribune_lines.hpp"
#include "service/audit.hpp"
#include "store/common/summary.hpp"

namespace tribune::http {

using domain::ErrorCode;
using domain::make_error;

// How a job ended: its counts when it read to the end (or was cancelled after storing), else why not.
struct ImportJobs::Outcome {
    std::string error;
    std::optional<portability::ImportCounts> total;
    portability::ReadNotes notes;
    std::string report;
    bool cancelled = false;
    bool accounts_replaced = false;  // a Tribune import: the store's accounts are the file's now
};

struct ImportJobs::Job {
    std::string id;
    std::string path;  // the upload, in dir_
    ImportSettings settings;
    ImportState state = ImportState::kUploading;
    std::uint64_t received = 0;
    std::uint64_t chunks = 0;
    std::chrono::steady_clock::time_point touched = std::chrono::steady_clock::now();
    std::atomic<std::uint64_t> bytes_read{0};
    std::atomic<std::int64_t> items_read{0};
    std::atomic<bool> stop{false};  // the server stops, or cancel()
    bool cancelled = false;         // cancel() asked (the stop is the admin's, not the server's)
    std::optional<portability::ImportCounts> total;
    std::string summary;
    std::vector<std::string> notes;
    std::string error;
    std::string report;
};

// Named (not anonymous): this file may share a unity translation unit with others of tribune::http.
namespace import_detail {

// An upload nobody has added to for this long no longer holds the node's import slot.
constexpr auto kAbandonedAfter = std::chrono::minutes(15);

std::string new_id() {
    unsigned char raw[16];
    randombytes_buf(raw, sizeof raw);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : raw) {
        out += kHex[b >> 4];
        out += kHex[b & 15];
    }
    return out;
}

domain::Error was_cancelled() {
    return make_error(ErrorCode::kConflict, "Import cancelled", "this import was cancelled; start another");
}

// Upload files are named "upload-" and the job's id (new_id: 32 hex digits).
constexpr std::string_view kUploadPrefix = "upload-";

std::string audit_record(const ImportSettings& s, const portability::ImportCounts* total, std::string_view error,
                         bool cancelled) {
    boost::json::object o{{"format", s.format}, {"file", s.file_name}, {"bytes", s.size}, {"dry_run", s.dry_run}};
    if (total) o["counts"] = boost::json::parse(portability::counts_json(*total));
    if (cancelled) o["cancelled"] = true;
    if (!error.empty()) o["error"] = std::string(error);
    return boost::json::serialize(o);
}

}  // namespace import_detail


bool is_desk_format(std::string_view format) {
    return format == kTribuneFormat || portability::is_comment_format(format);
}

std::string_view state_name(ImportState s) {
    switch (s) {
        case ImportState::kUploading: return "uploading";
        case ImportState::kRunning: return "running";
        case ImportState::kDone: return "done";
        case ImportState::kFailed: return "failed";
        case ImportState::kCancelled: return "cancelled";
    }
    return "failed";
}

ImportJobs::ImportJobs(service::Context& ctx, std::string dir, std::uint64_t max_bytes, std::size_t chunk_bytes,
                       std::function<std::string(std::string_view)> hash_address)
    : ctx_(ctx), dir_(std::move(dir)), max_bytes_(max_bytes), chunk_bytes_(chunk_bytes),
      hash_address_(std::move(hash_address)) {
    sweep_stale_files(nullptr);
}

ImportJobs::~ImportJobs() {
    {
        std::lock_guard lock(mutex_);
        if (job_) job_->stop.store(true);
    }
    if (worker_.joinable()) worker_.join();
    std::lock_guard lock(mutex_);
    if (job_) drop_file(*job_);
}

void ImportJobs::drop_file(Job& job) {
    if (job.path.empty()) return;
    std::error_code ec;
    std::filesystem::remove(job.path, ec);
    job.path.clear();
}

// Upload files no job of this node holds: left by a crash (the server killed mid-upload or
// mid-import) or by a job whose removal failed. The directory is this node's own.
void ImportJobs::sweep_stale_files(const Job* keep) const {
    std::error_code ec;
    std::filesystem::directory_iterator it(dir_, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!name.starts_with(import_detail::kUploadPrefix)) continue;
        if (keep && it->path().string() == keep->path) continue;
        std::error_code removed;
        if (std::filesystem::remove(it->path(), removed)) spdlog::info("import: removed the stale upload {}", name);
    }
}

ImportStatus ImportJobs::snapshot(const Job& job) const {
    ImportStatus s;
    s.id = job.id;
    s.state = job.state;
    s.settings = job.settings;
    s.received = job.received;
    s.chunks = job.chunks;
    s.bytes_read = job.bytes_read.load();
    s.items_read = job.items_read.load();
    s.total = job.total;
    s.summary = job.summary;
    s.notes = job.notes;
    s.error = job.error;
    s.cancel_requested = job.state == ImportState::kRunning && job.cancelled;
    return s;
}

domain::Result<std::shared_ptr<ImportJobs::Job>> ImportJobs::find(std::string_view id) const {
    if (!job_ || job_->id != id) return make_error(ErrorCode::kNotFound, "No such import", "this node has no import by that id");
    return job_;
}

domain::Result<ImportStatus> ImportJobs::create(const service::Actor&, ImportSettings settings) {
    if (!is_desk_format(settings.format))
        return make_error(ErrorCode::kInvalid, "Unknown format", "choose one of the formats listed",
                          {{"format", "not a format Tribune reads"}});
    if (!settings.map.empty())
        if (auto m = portability::parse_page_map(settings.map); !m) return m.error();
    const bool tribune = settings.format == kTribuneFormat;
    if ((tribune || !portability::uses_page_keys(settings.format)) && (settings.whole_url || !settings.map.empty()))
        return make_error(ErrorCode::kInvalid, "Page keys do not apply",
                          tribune ? "a Tribune export keeps its page keys"
                                  : "a WordPress import puts comments on the articles its posts become",
                          {{settings.whole_url ? "page_key" : "map", "not for this format"}});
    if (settings.size > max_bytes_)
        return make_error(ErrorCode::kTooLarge, "File too large",
                          "imports take files of up to " + std::to_string(max_bytes_) + " bytes (import_max_bytes)");
    if (settings.format == "commento" && settings.size > static_cast<std::uint64_t>(kDeskMaxCommentoBytes))
        return make_error(ErrorCode::kTooLarge, "Commento export too large",
                          "a Commento export is read whole into memory, so the desk takes one of up to " +
                              std::to_string(kDeskMaxCommentoBytes >> 20) +
                              " MiB; import a larger one with tribune import commento on the server");
    if (tribune) {
        // Checked again in the import's transaction; refused here before anything is uploaded.
        auto empty = ctx_.store.is_empty();
        if (!empty) return empty.error();
        if (!*empty)
            return make_error(ErrorCode::kConflict, "Store not empty",
                              "a Tribune export imports only into a new server's store, without articles or comments; "
                              "this one holds some (nothing was changed)");
    }
    std::lock_guard lock(mutex_);
    if (job_ && job_->state == ImportState::kRunning)
        return make_error(ErrorCode::kConflict, "An import is running", "wait for it to finish, then start another");
    if (job_ && job_->state == ImportState::kUploading &&
        std::chrono::steady_clock::now() - job_->touched < import_detail::kAbandonedAfter)
        return make_error(ErrorCode::kConflict, "An upload is in progress",
                          "another import is being uploaded to this node; try again when it has run");
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    ::chmod(dir_.c_str(), 0700);
    auto job = std::make_shared<Job>();
    job->id = import_detail::new_id();
    job->path = dir_ + "/" + std::string(import_detail::kUploadPrefix) + job->id;
    job->settings = std::move(settings);
    // Private from the start: created 0600, never world-readable even for a moment.
    const int fd = ::open(job->path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        spdlog::error("import: cannot create an upload file in {}: errno {}", dir_, errno);
        return make_error(ErrorCode::kUnavailable, "Cannot store the upload", "the server cannot write its import directory");
    }
    ::close(fd);
    if (job_) drop_file(*job_);
    job_ = job;
    sweep_stale_files(job.get());
    return snapshot(*job);
}

// The job `id` while its file is still uploading; else why not (`title` once it has started).
// Called with mutex_ held.
domain::Result<std::shared_ptr<ImportJobs::Job>> ImportJobs::uploading(std::string_view id, const char* title) const {
    auto job = find(id);
    if (!job) return job.error();
    if ((*job)->state == ImportState::kCancelled) return import_detail::was_cancelled();
    if ((*job)->state != ImportState::kUploading)
        return make_error(ErrorCode::kConflict, title, "this import has already started");
    return job;
}

domain::Result<ImportStatus> ImportJobs::append(std::string_view id, std::uint64_t n, std::string_view bytes) {
    std::lock_guard lock(mutex_);
    auto job = uploading(id, "Upload finished");
    if (!job) return job.error();
    Job& j = **job;
    if (n != j.chunks)
        return make_error(ErrorCode::kConflict, "Chunk out of order", "the next chunk is number " + std::to_string(j.chunks));
    if (bytes.size() > chunk_bytes_ || j.received + bytes.size() > j.settings.size)
        return make_error(ErrorCode::kTooLarge, "Chunk too large", "the chunk goes past the declared size or the chunk limit");
    const int fd = ::open(j.path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
    bool ok = fd >= 0;
    std::size_t done = 0;
    while (ok && done < bytes.size()) {
        const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) ok = false;
        else done += static_cast<std::size_t>(w);
    }
    if (fd >= 0) ::close(fd);
    if (!ok) {
        // A partial write would leave the file out of step with `received`: cut it back.
        if (::truncate(j.path.c_str(), static_cast<off_t>(j.received)) != 0) j.state = ImportState::kFailed;
        return make_error(ErrorCode::kUnavailable, "Cannot store the upload", "the server's disk refused the chunk");
    }
    j.received += bytes.size();
    ++j.chunks;
    j.touched = std::chrono::steady_clock::now();
    return snapshot(j);
}

domain::Result<ImportStatus> ImportJobs::start(std::string_view id, const service::Actor& who) {
    std::lock_guard lock(mutex_);
    auto job = uploading(id, "Already started");
    if (!job) return job.error();
    Job& j = **job;
    if (j.received != j.settings.size)
        return make_error(ErrorCode::kConflict, "Upload incomplete",
                          std::to_string(j.received) + " of " + std::to_string(j.settings.size) + " bytes uploaded");
    if (worker_.joinable()) worker_.join();  // the previous job's thread, already past its end
    j.state = ImportState::kRunning;
    worker_ = std::thread([this, running = *job, who]() mutable { run(std::move(running), std::move(who)); });
    return snapshot(j);
}

void ImportJobs::run(std::shared_ptr<Job> job, service::Actor who) {
    Outcome out;
    try {
        std::string path;
        {
            std::lock_guard lock(mutex_);
            path = job->path;
        }
        // The bar follows the bytes of the file read (compressed ones for a gzip file), or the
        // items read for a database. What a gzip file unpacks to, and a Commento document parsed
        // whole, are bounded by the upload limit.
        portability::ReadLimits limits;
        limits.max_unpacked = std::min(portability::kMaxUnpackedBytes, max_bytes_ * kUnpackedPerUploadedByte);
        limits.max_document = kDeskMaxCommentoBytes;
        limits.file_read = [&job](std::uint64_t n) { job->bytes_read.store(n); };
        out = job->settings.format == kTribuneFormat ? read_tribune(*job, path, limits)
                                                     : read_comments(*job, path, limits, who);
    } catch (const std::exception& e) {
        spdlog::error("import: {}", e.what());
        out = Outcome{};
        out.error = "the import stopped on an internal error";
    }
    // After a Tribune import the admin's account id may name someone else from the file: the
    // entry names them only by name.
    if (out.accounts_replaced) who.viewer.user_id.reset();
    if (auto ok = record_audit(ctx_, who, job->settings.dry_run ? "import.dry_run" : "import",
                               "import:" + job->settings.format, "{}",
                               import_detail::audit_record(job->settings, out.total ? &*out.total : nullptr, out.error,
                                                           out.cancelled));
        !ok)
        spdlog::error("import: the audit entry was not written: {}", ok.error().message);
    std::lock_guard lock(mutex_);
    drop_file(*job);
    sweep_stale_files(nullptr);
    if (out.total) {
        job->total = out.total;
        job->summary = portability::describe(*out.total, job->settings.dry_run);
        job->notes = std::move(out.notes);
        job->report = std::move(out.report);
        job->state = out.cancelled ? ImportState::kCancelled : ImportState::kDone;
    } else if (out.cancelled) {
        job->state = ImportState::kCancelled;
    } else {
        job->error = std::move(out.error);
        job->state = ImportState::kFailed;
    }
}

// Another system's comments (and WordPress's posts), through the command line's pipeline.
ImportJobs::Outcome ImportJobs::read_comments(Job& job, const std::string& path, const portability::ReadLimits& limits,
                                              const service::Actor& who) {
    portability::CommentImportOptions o;
    o.source = job.settings.format;
    o.actor = who;
    o.dry_run = job.settings.dry_run;
    o.per_thread = true;  // the report the desk offers for download
    o.page_keys.whole_url = job.settings.whole_url;
    if (!job.settings.map.empty()) o.page_keys.maps.push_back(*portability::parse_page_map(job.settings.map));
    o.hash_address = hash_address_;
    o.progress = [&job](std::int64_t n) { job.items_read.store(n); };
    o.stop = &job.stop;
    portability::CommentImport import(ctx_, std::move(o));
    auto read = portability::read_comments_file(job.settings.format, path, import, limits);
    Outcome out;
    {
        // Cancelled only when it did stop: one that read to the end before the stop is done.
        std::lock_guard lock(mutex_);
        out.cancelled = job.cancelled && !read;
    }
    if (!read && !out.cancelled) {
        out.error = read.error().title + ": " + read.error().message +
                    (import.stored_anything() ? " (what was stored before stays; importing the file again goes on from there)"
                                              : " (nothing was stored)");
        return out;
    }
    // A cancelled import still settles what it stored: its counts and report say what stays.
    auto total = import.finish();
    if (!total) {
        out.error = total.error().title + ": " + total.error().message;
        out.cancelled = false;
        return out;
    }
    out.total = *total;
    if (read) out.notes = std::move(*read);
    std::ostringstream report;
    portability::write_comment_report(report, job.settings.format, job.settings.dry_run, *total, import.per_thread());
    out.report = std::move(report).str();
    return out;
}

// Tribune's own export, into a new server's store in one transaction: all of it, or (failed,
// cancelled) nothing. The pages it brings are then dropped from every node's caches.
ImportJobs::Outcome ImportJobs::read_tribune(Job& job, const std::string& path, const portability::ReadLimits& limits) {
    std::set<std::string> pages;
    portability::TribuneImportExtras extras;
    extras.replace_setup = true;
    extras.on_batch = [&](const store::ExportBatch& batch) {
        if (const auto* articles = std::get_if<std::vector<domain::Article>>(&batch))
            for (const auto& a : *articles) pages.insert(a.page_key());
        if (const auto* comments = std::get_if<std::vector<store::CommentRecord>>(&batch)) {
            for (const auto& c : *comments) pages.insert(c.comment.page);
            job.items_read.fetch_add(static_cast<std::int64_t>(comments->size()));
        }
    };
    portability::GzipLimits gzip;
    gzip.max_unpacked = limits.max_unpacked;
    gzip.stopped = [&job] { return job.stop.load(); };
    gzip.file_read = limits.file_read;
    std::optional<portability::TribuneImportResult> result;
    auto read = portability::read_maybe_gzip(path, [&](std::istream& in) -> domain::Result<void> {
        auto r = portability::import_tribune(ctx_.store, in, job.settings.dry_run, extras);
        if (!r) return r.error();
        result = std::move(*r);
        return {};
    }, gzip);
    Outcome out;
    // The file's end line is required, so an import that returned went in whole: a stop asked
    // while its last bytes were read comes too late to undo it.
    if (!read && !result) {
        std::lock_guard lock(mutex_);
        out.cancelled = job.cancelled;
        if (!out.cancelled)
            out.error = read.error().title + ": " + read.error().message + " (nothing was imported; the store is unchanged)";
        return out;
    }
    if (!job.settings.dry_run) {
        for (const auto& page : pages) ctx_.events.thread_changed(page);
        // The accounts and sessions are the file's now: none this node remembers still holds.
        ctx_.guards.sessions.clear();
        out.accounts_replaced = true;
        // The policy the node keeps in memory is read again from the imported settings.
        std::lock_guard lock(ctx_.guards.policy_mutex);
        ctx_.guards.policy.reset();
    }
    const auto& r = *result;
    portability::ImportCounts counts;
    counts.articles = r.read.articles;
    counts.threads = r.read.threads;
    counts.comments = r.read.comments;
    out.total = counts;
    out.notes.push_back((r.dry_run ? "the file holds " : "rows: ") + store::describe(r.read) + ", " +
                        std::to_string(r.media) +
                        " media references (their bytes are not in the export: bring them with tribune backup/restore)");
    if (r.unknown_lines > 0)
        out.notes.push_back("skipped " + std::to_string(r.unknown_lines) + " lines of types this version does not know");
    if (!r.header.with_secrets && r.read.users > 0)
        out.notes.push_back("the file has no password hashes (exported without --with-secrets): accounts need a new "
                            "password to log in");
    if (!r.dry_run) {
        if (r.differences.empty()) {
            out.notes.push_back("verified: the store's summary equals the file's, checksum " +
                                portability::checksum_hex(r.stored->checksum));
        } else {
            std::string what;
            for (const auto& d : r.differences) what += (what.empty() ? "" : "; ") + d;
            out.notes.push_back("imported, but the store's summary differs from the file's (file vs store): " + what);
        }
        out.notes.push_back("this server's accounts are now the file's: log in again with one of them");
    }
    out.report = portability::import_report_json(r);
    return out;
}

domain::Result<ImportStatus> ImportJobs::cancel(std::string_view id) {
    std::lock_guard lock(mutex_);
    auto job = find(id);
    if (!job) return job.error();
    Job& j = **job;
    switch (j.state) {
        case ImportState::kUploading:
            drop_file(j);
            j.cancelled = true;
            j.state = ImportState::kCancelled;
            break;
        case ImportState::kRunning:
            j.cancelled = true;
            j.stop.store(true);
            break;
        default:
            return make_error(ErrorCode::kConflict, "Import ended", "this import has already ended");
    }
    return snapshot(j);
}

domain::Result<ImportStatus> ImportJobs::status(std::string_view id) const {
    std::lock_guard lock(mutex_);
    auto job = find(id);
    if (!job) return job.error();
    return snapshot(**job);
}

domain::Result<std::string> ImportJobs::report(std::string_view id) const {
    std::lock_guard lock(mutex_);
    auto job = find(id);
    if (!job) return job.error();
    if ((*job)->report.empty())
        return make_error(ErrorCode::kConflict, "No report yet", "the report is ready when the import is done");
    return (*job)->report;
}

std::optional<ImportStatus> ImportJobs::current() const {
    std::lock_guard lock(mutex_);
    if (!job_) return std::nullopt;
    return snapshot(*job_);
}

}  // namespace tribune::http
