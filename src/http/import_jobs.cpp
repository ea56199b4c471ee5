#include "http/import_jobs.hpp"

#include <boost/json.hpp>
#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <istream>
#include <sstream>
#include <streambuf>

#include "portability/comment_formats.hpp"
#include "portability/comment_import.hpp"
#include "portability/page_keys.hpp"
#include "service/audit.hpp"

namespace tribune::http {

using domain::ErrorCode;
using domain::make_error;

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
    std::optional<portability::ImportCounts> total;
    std::string summary;
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

// The upload read by the importer, counting the bytes read (the progress bar) and ending early
// when the server stops.
class CountingFile : public std::streambuf {
public:
    CountingFile(int fd, std::atomic<std::uint64_t>& count, const std::atomic<bool>& stop)
        : fd_(fd), count_(count), stop_(stop) {}

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (stop_.load()) return traits_type::eof();
        ssize_t n;
        do n = ::read(fd_, buffer_, sizeof buffer_);
        while (n < 0 && errno == EINTR);
        if (n <= 0) return traits_type::eof();
        count_.fetch_add(static_cast<std::uint64_t>(n));
        setg(buffer_, buffer_, buffer_ + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    int fd_;
    std::atomic<std::uint64_t>& count_;
    const std::atomic<bool>& stop_;
    char buffer_[64 * 1024];
};

std::string audit_record(const ImportSettings& s, const portability::ImportCounts* total, std::string_view error) {
    boost::json::object o{{"format", s.format}, {"file", s.file_name}, {"bytes", s.size}, {"dry_run", s.dry_run}};
    if (total) o["counts"] = boost::json::parse(portability::counts_json(*total));
    if (!error.empty()) o["error"] = std::string(error);
    return boost::json::serialize(o);
}

}  // namespace import_detail


std::string_view state_name(ImportState s) {
    switch (s) {
        case ImportState::kUploading: return "uploading";
        case ImportState::kRunning: return "running";
        case ImportState::kDone: return "done";
        case ImportState::kFailed: return "failed";
    }
    return "failed";
}

ImportJobs::ImportJobs(service::Context& ctx, std::string dir, std::uint64_t max_bytes, std::size_t chunk_bytes,
                       std::function<std::string(std::string_view)> hash_address)
    : ctx_(ctx), dir_(std::move(dir)), max_bytes_(max_bytes), chunk_bytes_(chunk_bytes),
      hash_address_(std::move(hash_address)) {}

ImportJobs::~ImportJobs() {
    stopping_.store(true);
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
    s.error = job.error;
    return s;
}

domain::Result<std::shared_ptr<ImportJobs::Job>> ImportJobs::find(std::string_view id) const {
    if (!job_ || job_->id != id) return make_error(ErrorCode::kNotFound, "No such import", "this node has no import by that id");
    return job_;
}

domain::Result<ImportStatus> ImportJobs::create(const service::Actor&, ImportSettings settings) {
    if (!portability::is_comment_format(settings.format))
        return make_error(ErrorCode::kInvalid, "Unknown format", "choose one of the formats listed",
                          {{"format", "not a format Tribune reads"}});
    if (!settings.map.empty())
        if (auto m = portability::parse_page_map(settings.map); !m) return m.error();
    if (settings.size > max_bytes_)
        return make_error(ErrorCode::kTooLarge, "File too large",
                          "imports take files of up to " + std::to_string(max_bytes_) + " bytes (import_max_bytes)");
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
    job->path = dir_ + "/upload-" + job->id;
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
    return snapshot(*job);
}

domain::Result<ImportStatus> ImportJobs::append(std::string_view id, std::uint64_t n, std::string_view bytes) {
    std::lock_guard lock(mutex_);
    auto job = find(id);
    if (!job) return job.error();
    Job& j = **job;
    if (j.state != ImportState::kUploading)
        return make_error(ErrorCode::kConflict, "Upload finished", "this import has already started");
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
    auto job = find(id);
    if (!job) return job.error();
    Job& j = **job;
    if (j.state != ImportState::kUploading)
        return make_error(ErrorCode::kConflict, "Already started", "this import has already started");
    if (j.received != j.settings.size)
        return make_error(ErrorCode::kConflict, "Upload incomplete",
                          std::to_string(j.received) + " of " + std::to_string(j.settings.size) + " bytes uploaded");
    if (worker_.joinable()) worker_.join();  // the previous job's thread, already past its end
    j.state = ImportState::kRunning;
    worker_ = std::thread([this, running = *job, who]() mutable { run(std::move(running), std::move(who)); });
    return snapshot(j);
}

void ImportJobs::run(std::shared_ptr<Job> job, service::Actor who) {
    std::string error;
    std::optional<portability::ImportCounts> total;
    std::string report;
    try {
        portability::CommentImportOptions o;
        o.source = job->settings.format;
        o.dry_run = job->settings.dry_run;
        o.per_thread = true;  // the report the desk offers for download
        o.page_keys.whole_url = job->settings.whole_url;
        if (!job->settings.map.empty()) o.page_keys.maps.push_back(*portability::parse_page_map(job->settings.map));
        o.hash_address = hash_address_;
        o.progress = [&job](std::int64_t n) { job->items_read.store(n); };
        portability::CommentImport import(ctx_, std::move(o));
        std::string path;
        {
            std::lock_guard lock(mutex_);
            path = job->path;
        }
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            error = "the uploaded file is gone";
        } else {
            // Plain files are read through a counter (the progress bar in bytes); a gzip file or
            // a database is read from its path (the bar then follows the items read).
            unsigned char magic[2] = {0, 0};
            const bool gzip = ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            domain::Result<void> read;
            if (portability::reads_streams(job->settings.format) && !gzip) {
                import_detail::CountingFile buf(fd, job->bytes_read, stopping_);
                std::istream in(&buf);
                read = portability::read_comments(job->settings.format, in, import);
            } else {
                read = portability::read_comments_file(job->settings.format, path, import);
            }
            ::close(fd);
            if (!read) {
                error = read.error().title + ": " + read.error().message +
                        " (what was stored before stays; importing the file again goes on from there)";
            } else if (auto t = import.finish(); !t) {
                error = t.error().title + ": " + t.error().message;
            } else {
                total = *t;
                std::ostringstream r;
                portability::write_comment_report(r, job->settings.format, job->settings.dry_run, *total,
                                                  import.per_thread());
                report = std::move(r).str();
            }
        }
    } catch (const std::exception& e) {
        spdlog::error("import: {}", e.what());
        error = "the import stopped on an internal error";
    }
    if (auto ok = record_audit(ctx_, who, job->settings.dry_run ? "import.dry_run" : "import",
                               "import:" + job->settings.format, "{}",
                               import_detail::audit_record(job->settings, total ? &*total : nullptr, error));
        !ok)
        spdlog::error("import: the audit entry was not written: {}", ok.error().message);
    std::lock_guard lock(mutex_);
    drop_file(*job);
    if (total) {
        job->total = total;
        job->summary = portability::describe(*total, job->settings.dry_run);
        job->report = std::move(report);
        job->state = ImportState::kDone;
    } else {
        job->error = std::move(error);
        job->state = ImportState::kFailed;
    }
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
    if ((*job)->state != ImportState::kDone)
        return make_error(ErrorCode::kConflict, "No report yet", "the report is ready when the import is done");
    return (*job)->report;
}

std::optional<ImportStatus> ImportJobs::current() const {
    std::lock_guard lock(mutex_);
    if (!job_) return std::nullopt;
    return snapshot(*job_);
}

}  // namespace tribune::http
