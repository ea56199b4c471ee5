#include "store/sqlite/media_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

#include "store/common/store_errors.hpp"
#include "store/common/store_log.hpp"

namespace tribune::store::sqlite {
namespace {

domain::Error write_failed(int err) {
    log_problem(LogSeverity::kError, "media_write", std::to_string(err));
    if (err == ENOSPC || err == EDQUOT) return storage_full();
    return storage_failing();
}

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

bool sync_dir(const std::string& dir) {
    Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
    return d.fd >= 0 && ::fsync(d.fd) == 0;
}

}  // namespace

std::string media_dir_for(const std::string& db_path) { return db_path + "-media"; }

std::string media_path(const std::string& dir, std::string_view hash) { return dir + "/" + std::string(hash); }

domain::Result<void> write_media_file(const std::string& dir, std::string_view hash, std::string_view bytes) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return write_failed(errno);
    const std::string path = media_path(dir, hash);
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && static_cast<std::uint64_t>(st.st_size) == bytes.size()) return {};
    static std::atomic<std::uint64_t> counter{0};
    const std::string temp = dir + "/." + std::string(hash) + ".tmp-" + std::to_string(::getpid()) + "-" +
                             std::to_string(++counter);
    {
        Fd f{::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
        if (f.fd < 0) return write_failed(errno);
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(f.fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                const int err = errno;
                ::unlink(temp.c_str());
                return write_failed(err);
            }
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(f.fd) != 0) {
            const int err = errno;
            ::unlink(temp.c_str());
            return write_failed(err);
        }
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return write_failed(err);
    }
    if (!sync_dir(dir)) return write_failed(errno);
    return {};
}

domain::Result<std::string> read_media_file(const std::string& path, std::int64_t offset, std::int64_t length) {
    Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0)
        return domain::make_error(domain::ErrorCode::kNotFound, "Media not found", "the media file is missing");
    std::string out(static_cast<std::size_t>(length), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::pread(f.fd, out.data() + done, out.size() - done, static_cast<off_t>(offset) + static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return storage_failing();
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    return out;
}

}  // namespace tribune::store::sqlite
