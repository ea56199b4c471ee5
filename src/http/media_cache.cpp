#include "http/media_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <filesystem>
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

}  // namespace

MediaCache::MediaCache(std::string dir, std::uint64_t max_bytes) : dir_(std::move(dir)), max_bytes_(max_bytes) {}

domain::Result<std::string> MediaCache::local_file(store::MediaStore& store, const store::MediaItem& item) {
    auto own = store.media_file(item.hash);
    if (!own) return own.error();
    if (*own) return std::move(**own);
    if (dir_.empty() || !store::is_media_hash(item.hash)) return cache_unavailable();
    const std::string path = dir_ + "/" + item.hash;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && st.st_size == item.bytes) return path;
    if (auto ok = fill(store, item, path); !ok) return ok.error();
    trim();
    return path;
}

domain::Result<void> MediaCache::fill(store::MediaStore& store, const store::MediaItem& item, const std::string& path) {
    std::error_code made;
    if (fs::create_directories(dir_, made); made) return cache_unavailable();
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, made);
    static std::atomic<std::uint64_t> counter{0};
    const std::string temp = dir_ + "/." + item.hash + ".tmp-" + std::to_string(++counter);
    {
        Fd f{::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
        if (f.fd < 0) return cache_unavailable();
        for (std::int64_t at = 0; at < item.bytes; at += store::kMaxMediaRead) {
            auto part = store.read_media(item.hash, at, store::kMaxMediaRead);
            if (!part || part->empty() || !write_all(f.fd, *part)) {
                ::unlink(temp.c_str());
                if (!part) return part.error();
                return cache_unavailable();
            }
        }
    }
    // A copy of what the database holds: no fsync needed, a torn file is refetched (size check).
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        ::unlink(temp.c_str());
        return cache_unavailable();
    }
    return {};
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
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
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
