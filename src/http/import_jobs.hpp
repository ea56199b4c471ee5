#pragma once
// The desk's import (POST /api/v1/imports and the rest, handlers/import_api.cpp): an admin's
// upload arrives in bounded chunks, each appended to a private file (0600) in the import
// directory, so a file of years never sits in memory; then it is imported on this node's own
// thread, through the same pipeline as `tribune import` (portability/comment_formats), while
// the desk polls its progress. One job at a time per node: another upload or start while one
// is in progress is a conflict. An admin may cancel an upload or a running import (what it
// stored stays, reported). The file is removed when the import ends, and files a crash left in
// the node's import directory are swept at start and after each job; the status and report of
// the last job stay until the next job replaces them.

#include <atomic>
#include <chrono>
#include <functional>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/error.hpp"
#include "portability/comment_formats.hpp"
#include "portability/import_report.hpp"
#include "service/actor.hpp"
#include "service/context.hpp"

namespace tribune::http {

/// Tribune's own export (portability/tribune_import.hpp): imported at the desk only into a
/// store without articles and comments, a new server's, whose accounts, settings and audit the
/// file's then replace (the admin importing logs in again with an account of the file).
inline constexpr std::string_view kTribuneFormat = "tribune";
inline constexpr std::string_view kTribuneTitle = "Tribune export (into a new server: replaces its accounts)";

/// Whether the desk imports `format`: a portability::comment_formats() name, or kTribuneFormat.
bool is_desk_format(std::string_view format);

/// What the admin chose for an import.
struct ImportSettings {
    std::string format;     // is_desk_format
    std::string file_name;  // as the browser named it (shown and audited, never a path)
    std::uint64_t size = 0;  // the file's size in bytes, declared up front
    bool dry_run = false;
    bool whole_url = false;  // page keys: the whole URL rather than its path
    std::string map;         // "OLD_PREFIX=NEW_PREFIX", or empty
};

enum class ImportState { kUploading, kRunning, kDone, kFailed, kCancelled };
std::string_view state_name(ImportState s);

/// A job as it is now.
struct ImportStatus {
    std::string id;
    ImportState state = ImportState::kUploading;
    ImportSettings settings;
    std::uint64_t received = 0;    // bytes uploaded
    std::uint64_t chunks = 0;      // chunks uploaded (the next chunk's number)
    std::uint64_t bytes_read = 0;  // bytes the import has read of the file
    std::int64_t items_read = 0;   // threads and posts read so far
    std::optional<portability::ImportCounts> total;  // once done
    std::string summary;  // once done (or cancelled while running): the command line's one-line summary
    std::vector<std::string> notes;  // once done: what the reader tells beyond the counts (WordPress)
    std::string error;    // once failed: why
    bool cancel_requested = false;  // running, asked to stop: it ends at its next item
};

/// What comes out of a gzip upload is bounded by this many times import_max_bytes (a "gzip
/// bomb" is refused, not read for hours): real exports pack 5 to 15 times.
inline constexpr std::uint64_t kUnpackedPerUploadedByte = 32;
/// A Commento export is parsed whole in memory (a few times its size): the desk takes one up to
/// this size, unpacked; a larger one imports with `tribune import commento`.
inline constexpr std::int64_t kDeskMaxCommentoBytes = std::int64_t{64} << 20;

class ImportJobs {
public:
    /// `dir`: where uploads are kept (created 0700 when missing; the node's own, so upload files
    /// a crash left there are removed now); `max_bytes`: the largest file
    /// (import_max_bytes); `chunk_bytes`: the largest chunk (the server's max_body_bytes).
    /// `hash_address`: Tribune's keyed hash of an address's network ("" when not an address).
    ImportJobs(service::Context& ctx, std::string dir, std::uint64_t max_bytes, std::size_t chunk_bytes,
               std::function<std::string(std::string_view)> hash_address);
    /// Stops a running import (it ends at its next item, what it stored stays) and waits for it.
    ~ImportJobs();
    ImportJobs(const ImportJobs&) = delete;
    ImportJobs& operator=(const ImportJobs&) = delete;

    std::uint64_t max_bytes() const { return max_bytes_; }
    std::size_t chunk_bytes() const { return chunk_bytes_; }

    /// A new job for `settings`. Errors: kTooLarge past max_bytes (or a Commento export past
    /// kDeskMaxCommentoBytes), kInvalid for an unknown format, a bad map or page keys where they do
    /// not apply, kConflict while another job uploads or runs, or for a Tribune export when the
    /// store holds articles or comments.
    domain::Result<ImportStatus> create(const service::Actor& who, ImportSettings settings);
    /// Appends chunk `n` (chunks come in order, each at most chunk_bytes, never past the
    /// declared size). Errors: kNotFound, kConflict (not uploading, or not the next chunk),
    /// kTooLarge (past the declared size: nothing is written).
    domain::Result<ImportStatus> append(std::string_view id, std::uint64_t n, std::string_view bytes);
    /// Starts importing the whole upload on this node's import thread. Errors: kNotFound,
    /// kConflict (already started, or the upload is incomplete).
    domain::Result<ImportStatus> start(std::string_view id, const service::Actor& who);
    /// Cancels the upload (its file is removed at once) or asks the running import to stop at
    /// its next item (what it stored stays; the job ends cancelled with its counts and report).
    /// Errors: kNotFound, kConflict once the job has ended.
    domain::Result<ImportStatus> cancel(std::string_view id);
    domain::Result<ImportStatus> status(std::string_view id) const;
    /// The finished job's report as JSON (write_comment_report). Errors: kNotFound, kConflict.
    domain::Result<std::string> report(std::string_view id) const;
    /// The node's current (or last) job, if any.
    std::optional<ImportStatus> current() const;

private:
    struct Job;
    struct Outcome;
    void run(std::shared_ptr<Job> job, service::Actor who);
    Outcome read_comments(Job& job, const std::string& path, const portability::ReadLimits& limits,
                          const service::Actor& who);
    Outcome read_tribune(Job& job, const std::string& path, const portability::ReadLimits& limits);
    ImportStatus snapshot(const Job& job) const;
    domain::Result<std::shared_ptr<Job>> find(std::string_view id) const;
    domain::Result<std::shared_ptr<Job>> uploading(std::string_view id, const char* title) const;
    void drop_file(Job& job);
    void sweep_stale_files(const Job* keep) const;

    service::Context& ctx_;
    std::string dir_;
    std::uint64_t max_bytes_;
    std::size_t chunk_bytes_;
    std::function<std::string(std::string_view)> hash_address_;
    mutable std::mutex mutex_;
    std::shared_ptr<Job> job_;
    std::thread worker_;
};

}  // namespace tribune::http
