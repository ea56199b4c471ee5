// The one file that sees zlib's file API: a stream buffer over gzread.
#include "portability/gzip_input.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <streambuf>

#include "portability/comment_import.hpp"

namespace tribune::portability {
namespace {

// Reads through zlib's gz* functions, which detect gzip by its magic bytes and pass any other
// file through unchanged. A read error (damaged or cut-off gzip data), too much unpacked data
// or a stop ends the stream, and is kept for the caller to report.
class GzipBuf final : public std::streambuf {
public:
    GzipBuf(const std::string& path, const GzipLimits& limits)
        : file_(gzopen(path.c_str(), "rb")), limits_(limits) {
        if (file_) gzbuffer(file_, 128 * 1024);
    }
    ~GzipBuf() override {
        if (file_) gzclose_r(file_);
    }
    GzipBuf(const GzipBuf&) = delete;
    GzipBuf& operator=(const GzipBuf&) = delete;

    bool opened() const { return file_ != nullptr; }
    const std::string& error() const { return error_; }
    bool too_large() const { return too_large_; }
    bool stopped() const { return stopped_; }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (!file_ || !error_.empty() || too_large_ || stopped_) return traits_type::eof();
        if (limits_.stopped && limits_.stopped()) {
            stopped_ = true;
            return traits_type::eof();
        }
        const int n = gzread(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
        if (limits_.file_read) limits_.file_read(static_cast<std::uint64_t>(std::max<z_off_t>(gzoffset(file_), 0)));
        if (n <= 0) {
            // A stream cut short reads to its last byte and only then tells (Z_BUF_ERROR).
            int code = Z_OK;
            const char* why = gzerror(file_, &code);
            if (n < 0 || code != Z_OK) error_ = why && *why ? why : "read error";
            return traits_type::eof();
        }
        unpacked_ += static_cast<std::uint64_t>(n);
        if (!gzdirect(file_) && unpacked_ > limits_.max_unpacked) {
            too_large_ = true;
            return traits_type::eof();
        }
        setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
        return traits_type::to_int_type(*gptr());
    }

private:
    gzFile file_;
    const GzipLimits& limits_;
    std::array<char, 64 * 1024> buffer_{};
    std::uint64_t unpacked_ = 0;
    std::string error_;
    bool too_large_ = false;
    bool stopped_ = false;
};

}  // namespace

domain::Result<void> read_maybe_gzip(const std::string& path,
                                     const std::function<domain::Result<void>(std::istream&)>& read,
                                     const GzipLimits& limits) {
    GzipBuf buf(path, limits);
    if (!buf.opened())
        return domain::make_error(domain::ErrorCode::kNotFound, "Cannot open the file", path + " cannot be read");
    std::istream in(&buf);
    auto result = read(in);
    if (buf.stopped()) return import_stopped();
    if (buf.too_large())
        return domain::make_error(domain::ErrorCode::kTooLarge, "Unpacks too large",
                                  "the gzip file unpacks to more than " + std::to_string(limits.max_unpacked) +
                                      " bytes; reading stopped there");
    if (!buf.error().empty())
        return domain::make_error(domain::ErrorCode::kMalformed, "Damaged gzip file",
                                  "the compressed data is damaged or cut short (" + buf.error() + ")");
    return result;
}

}  // namespace tribune::portability
