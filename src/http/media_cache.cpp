#include "http/media_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <optional>
#include <vector>

namespace tribune::http {
namespace fs = std::filesystem;

namespace {

domain::Error cache_unavailable() {
    domain::Error e = domain::make_error(domain::ErrorCode::kUnavailable, "Media unavailable",
                                         "the media cannot be served right now; try again later");
    e.retry_after_seconds = 30;
    return e;
}

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

// Copies `item` from the store into `fd`, in the store's largest reads.
domain::Result<void> copy_from_store(store::MediaStore& store, const store::MediaItem& item, int fd) {
    for (std::int64_t at = 0; at < item.bytes; at += store::kMaxMediaRead) {
        auto part = store.read_media(item.hash, at, store::kMaxMediaRead);
        if (!part) return part.error();
        if (part->empty() || !write_all(fd, *part)) return cache_unavailable();
    }
    return {};
}

// The file at `path` when it holds the whole item (a torn copy is refetched), opened.
std::shared_ptr<const OpenFile> open_complete(const std::string& path, std::int64_t bytes) {
    auto file = std::make_shared<const OpenFile>(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file->fd() < 0) return nullptr;
    struct stat st {};
    if (::fstat(file->fd(), &st) != 0 || st.st_size != bytes) return nullptr;
    return file;
}

// A fill in progress is named ".<hash>.tmp-N": never counted, never trimmed (unless a crash left
// it a day old).
bool is_fill_in_progress(const fs::path& p) { return p.filename().string().starts_with("."); }

std::atomic<std::uint64_t> temp_counter{0};

}  // namespace

struct MediaCache::Fill {
    bool done = false;
    std::optional<domain::Error> error;
};

MediaCache::MediaCache(std::string dir, std::uint64_t max_bytes) : dir_(std::move(dir)), max_bytes_(max_bytes) {}

std::uint64_t MediaCache::fills() const {
    std::lock_guard lock(fill_mutex_);
    return fills_;
}

domain::Result<std::shared_ptr<const OpenFile>> MediaCache::open(store::MediaStore& store, const store::MediaItem& item) {
    auto own = store.media_file(item.hash);
    if (!own) return own.error();
    if (*own) {
        auto file = std::make_shared<const OpenFile>(::open((**own).c_str(), O_RDONLY | O_CLOEXEC));
        if (file->fd() < 0) return cache_unavailable();
        return file;
    }
    if (dir_.empty() || !store::is_media_hash(item.hash) || item.bytes < 0) return cache_unavailable();
    // Kept, it would push every other file out and then itself: copied for this request alone.
    if (static_cast<std::uint64_t>(item.bytes) > max_bytes_) return private_copy(store, item);
    const std::string path = dir_ + "/" + item.hash;
    bool filled = false;
    // A file trimmed between its fill and its opening is filled again (at most twice).
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (auto file = open_complete(path, item.bytes)) {
            if (filled) trim();  // after opening: trimming cannot take it from this request
            return file;
        }
        auto led = fill_once(store, item, path);
        if (!led) return led.error();
        filled = filled || *led;
    }
    return cache_unavailable();
}

// One fill per item at a time: the first request copies (true), the others wait for its outcome
// (false).
domain::Result<bool> MediaCache::fill_once(store::MediaStore& store, const store::MediaItem& item, const std::string& path) {
    std::shared_ptr<Fill> fill_state;
    bool leader = false;
    {
        std::unique_lock lock(fill_mutex_);
        if (auto it = filling_.find(item.hash); it != filling_.end()) {
            fill_state = it->second;
        } else {
            fill_state = std::make_shared<Fill>();
            filling_.emplace(item.hash, fill_state);
            leader = true;
        }
        if (!leader) {
            fill_done_.wait(lock, [&] { return fill_state->done; });
            if (fill_state->error) return *fill_state->error;
            return false;
        }
    }
    // The waiters are released whatever happens, an exception included.
    auto finish = [&](const domain::Error* error) {
        {
            std::lock_guard lock(fill_mutex_);
            fill_state->done = true;
            if (error) fill_state->error = *error;
            filling_.erase(item.hash);
            ++fills_;
        }
        fill_done_.notify_all();
    };
    domain::Result<void> ok = cache_unavailable();
    try {
        ok = fill(store, item, path);
    } catch (...) {
        const domain::Error failed = cache_unavailable();
        finish(&failed);
        throw;
    }
    if (ok) {
        finish(nullptr);
        return true;
    }
    const domain::Error failed = ok.error();
    finish(&failed);
    return failed;
}

domain::Result<void> MediaCache::fill(store::MediaStore& store, const store::MediaItem& item, const std::string& path) {
    std::error_code made;
    if (fs::create_directories(dir_, made); made) return cache_unavailable();
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, made);
    const std::string temp = dir_ + "/." + item.hash + ".tmp-" + std::to_string(++temp_counter);
    {
        Fd f{::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
        if (f.fd < 0) return cache_unavailable();
        if (auto ok = copy_from_store(store, item, f.fd); !ok) {
            ::unlink(temp.c_str());
            return ok.error();
        }
    }
    // A copy of what the database holds: no fsync needed, a torn file is refetched (size check).
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        ::unlink(temp.c_str());
        return cache_unavailable();
    }
    return {};
}

domain::Result<std::shared_ptr<const OpenFile>> MediaCache::private_copy(store::MediaStore& store,
                                                                         const store::MediaItem& item) {
    std::error_code made;
    if (fs::create_directories(dir_, made); made) return cache_unavailable();
    const std::string temp = dir_ + "/." + item.hash + ".tmp-" + std::to_string(++temp_counter);
    auto file = std::make_shared<const OpenFile>(::open(temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (file->fd() < 0) return cache_unavailable();
    ::unlink(temp.c_str());  // nameless from here: gone when the answer closes it
    if (auto ok = copy_from_store(store, item, file->fd()); !ok) return ok.error();
    {
        std::lock_guard lock(fill_mutex_);
        ++fills_;
    }
    return file;
}

void MediaCache::trim() {
    std::lock_guard lock(trim_mutex_);
    struct Entry {
        fs::file_time_type written;
        std::uint64_t size;
        fs::path path;
    };
    std::vector<Entry> entries;
    std::uint64_t total = 0;
    std::error_code ec;
    const auto stale = fs::file_time_type::clock::now() - std::chrono::hours(24);
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        if (is_fill_in_progress(it->path())) {
            std::error_code old;
            if (const auto t = it->last_write_time(old); !old && t < stale) fs::remove(it->path(), old);
            continue;
        }
        const auto size = it->file_size(ec);
        if (ec) continue;
        entries.push_back({it->last_write_time(ec), size, it->path()});
        total += size;
    }
    if (total <= max_bytes_) return;
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.written < b.written; });
    for (const Entry& e : entries) {
        if (total <= max_bytes_) break;
        fs::remove(e.path, ec);
        total -= e.size;
    }
}

}  // namespace tribune::http
